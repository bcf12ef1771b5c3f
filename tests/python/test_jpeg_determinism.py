"""The bytes of an encode depend only on the picture and the parameters (issue #16): not
on the engine's load, on whether idle workers were lent to a big picture, or on the CLI's
--threads. Only the public package and the CLI (FRAMEKIT_CLI) are used."""
import subprocess
import threading

import numpy as np
import pytest
from PIL import Image

import framekit
import framekit.jpege as jpege
from conftest import CLI

# At least the engine's threshold (2^20 pixels) for lending idle workers to one picture.
W, H = 1024, 1024


def picture(seed, h=H, w=W):
    """Gradients plus noise: long runs and 0xFF-heavy entropy data both occur."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    a = np.stack([(x // 3) % 256, (y // 2) % 256, ((x + y) // 5) % 256], -1).astype(np.int16)
    a += rng.integers(-40, 40, a.shape, dtype=np.int16)
    a[h // 3:h // 2, :] = 128  # a flat band: long zero runs
    return np.clip(a, 0, 255).astype(np.uint8)


class Load:
    """Other channels of the default engine busy encoding other pictures."""

    def __init__(self, channels=3):
        self.stop = threading.Event()
        self.count = 0
        self.errors = []
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(channels)]

    def run(self, i):
        try:
            frames = [picture(100 + i, 512 + 256 * (i % 3), 640), picture(200 + i)]
            with jpege.Channel(W, H, 60 + i, optimize=bool(i % 2)) as ch:
                while not self.stop.is_set():
                    for jpg in ch.encode(frames):
                        assert jpg[:2] == b"\xff\xd8"
                        self.count += 1
        except BaseException as e:  # reported by the test, not lost in a thread
            self.errors.append(e)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join()
        assert not self.errors, self.errors


OPTION_SETS = [
    {},
    {"quality": 90, "optimize": True},
    {"quality": 80, "subsampling": "444", "restart_interval": 7},
    {"progressive": True},
]


def test_200_encodes_under_load_give_one_byte_string():
    frame = picture(1)
    # The reference: one worker, so the picture is never split.
    with jpege.Engine(workers=1).channel(W, H) as ch:
        reference = next(ch.encode([frame]))
    seen = set()
    with Load() as load:
        with jpege.Channel(W, H) as ch:
            for _ in range(100):
                ch.send(frame)
                seen.add(ch.get().data)
        for _ in range(100):
            seen.add(jpege.encode(frame))
        assert load.count > 0, "the other channels encoded nothing meanwhile"
    assert seen == {reference}


@pytest.mark.parametrize("options", OPTION_SETS[1:], ids=["optimize", "444+restart",
                                                          "progressive"])
def test_options_under_load_give_one_byte_string(options):
    frame = picture(2)
    kw = dict(options)
    quality = kw.pop("quality", framekit.DEFAULT_QUALITY)
    with jpege.Engine(workers=1).channel(W, H, quality, **kw) as ch:
        reference = next(ch.encode([frame]))
    seen = set()
    with Load():
        with jpege.Channel(W, H, quality, **kw) as ch:
            seen.update(ch.encode([frame] * 20))
        for _ in range(20):
            seen.add(framekit.encode_jpeg(frame, quality, **kw))
    assert seen == {reference}


def cli_args(options):
    args = []
    for k, v in options.items():
        if k == "quality":
            args += ["-q", str(v)]
        elif k == "restart_interval":
            args += ["--restart", str(v)]
        elif v is True:
            args.append("--" + k)
        else:
            args += ["--" + k, str(v)]
    return args


@pytest.mark.parametrize("options", OPTION_SETS, ids=["default", "optimize", "444+restart",
                                                      "progressive"])
def test_cli_threads_give_one_byte_string(tmp_path, options):
    frame = picture(3, 768, 1000)
    src = tmp_path / "in.ppm"
    Image.fromarray(frame).save(src)
    outputs = {}
    for threads in (1, 2, 3, 4, 7):
        out = tmp_path / ("t%d.jpg" % threads)
        r = subprocess.run([str(CLI), "encode", str(src), "-o", str(out), "--threads",
                            str(threads), *cli_args(options)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        outputs[threads] = out.read_bytes()
    assert len(set(outputs.values())) == 1, {t: len(b) for t, b in outputs.items()}
    kw = dict(options)
    assert outputs[1] == framekit.encode_jpeg(frame, kw.pop("quality", 75), **kw)
