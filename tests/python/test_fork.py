"""framekit in forked children (multiprocessing's fork start method, torch DataLoader
workers) after the parent has encoded and converted: the children must produce the
same bytes as the parent, and never hang.

Before the thread runtime was fork-safe, the engine's worker threads did not exist in
the child and a child's encode waited for them forever.
"""
import multiprocessing

import numpy as np
import pytest

import framekit as mp
from framekit import jpege

TIMEOUT_S = 120


def make_frame(seed):
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, 480 * 640).reshape(480, 640, 1)
    arr = (y * 200 + rng.integers(0, 40, (480, 640, 1))).astype(np.uint8)
    nv12 = np.concatenate([arr, np.full((240, 640, 1), 128, np.uint8)], axis=0)
    return mp.Frame([mp.from_numpy(nv12[:480]), mp.from_numpy(nv12[480:].reshape(240, 320, 2))],
                    mp.PixelInfo(mp.kPF_NV12, mp.kCS_BT709, mp.kCR_MPEG))


def work(seed):
    """One job: a JPEG through the default engine, and an NV12 → RGB24 conversion."""
    frame = make_frame(seed)
    jpg = bytes(jpege.encode(frame, quality=90))
    rgb = frame.reformat(mp.PixelInfo(mp.kPF_RGB24)).plane(0).numpy().tobytes()
    return jpg, rgb


@pytest.fixture(scope="module")
def parent_results():
    # The parent uses the engine and the kernels' threads before any fork.
    return {seed: work(seed) for seed in range(4)}


def test_multiprocessing_fork_children_encode_and_convert(parent_results):
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        results = pool.map_async(work, range(4)).get(timeout=TIMEOUT_S)
    for seed, got in enumerate(results):
        assert got == parent_results[seed], f"job {seed} differs from the parent's"


def test_torch_dataloader_fork_workers_encode_and_convert(parent_results):
    import torch.utils.data  # not importorskip: a missing torch is a failure

    class Jobs(torch.utils.data.Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            return work(i)

    loader = torch.utils.data.DataLoader(Jobs(), batch_size=None, num_workers=2,
                                         multiprocessing_context="fork", timeout=TIMEOUT_S)
    results = list(loader)
    assert len(results) == 4
    for seed, got in enumerate(results):
        assert tuple(got) == parent_results[seed], f"item {seed} differs from the parent's"


def test_fork_while_the_parent_keeps_encoding(parent_results):
    """A thread of the parent keeps the default engine and the kernels busy while the
    children are forked."""
    import threading
    stop = threading.Event()

    def busy():
        while not stop.is_set():
            work(0)

    t = threading.Thread(target=busy)
    t.start()
    try:
        ctx = multiprocessing.get_context("fork")
        for round_ in range(3):
            with ctx.Pool(2) as pool:
                results = pool.map_async(work, [1, 2]).get(timeout=TIMEOUT_S)
            assert results == [parent_results[1], parent_results[2]], f"round {round_}"
    finally:
        stop.set()
        t.join()
