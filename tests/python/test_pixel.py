"""Pixel formats, color enums, PixelInfo and the format table."""
import math

import pytest

import framekit as mp
from conftest import ALL_FORMATS


def test_every_format_is_bound_with_seed_names():
    for name in ALL_FORMATS:
        member = getattr(mp.PixelFormat, "kPF_" + name)
        assert getattr(mp, "kPF_" + name) is member  # module-level alias
        assert member.name == "kPF_" + name
    assert [f.name for f in mp.all_pixel_formats()] == ["kPF_" + n for n in ALL_FORMATS]
    assert mp.kPF_NONE is mp.PixelFormat.kPF_NONE
    assert int(mp.kPF_NONE) == -1


def test_color_enums_follow_ffmpeg_numbers():
    # AVCOL_SPC_*, AVCOL_RANGE_*, AVCOL_PRI_*, AVCOL_TRC_* values (libavutil/pixfmt.h).
    assert int(mp.ColorSpace.kCS_RGB) == 0
    assert int(mp.ColorSpace.kCS_BT709) == 1 and mp.kCS_BT709 == mp.ColorSpace.kCS_BT709
    assert int(mp.ColorSpace.kCS_BT470BG) == 5 and mp.kCS_BT470BG == mp.ColorSpace.kCS_BT470BG
    assert int(mp.ColorSpace.kCS_SMPTE170M) == 6
    assert int(mp.ColorSpace.kCS_BT2020_NCL) == 9
    assert int(mp.ColorSpace.kCS_ICTCP) == 14
    assert int(mp.ColorRange.kCR_UNSPECIFIED) == 0
    assert int(mp.ColorRange.kCR_MPEG) == 1 and mp.kCR_MPEG == mp.ColorRange.kCR_MPEG
    assert int(mp.ColorRange.kCR_JPEG) == 2 and mp.kCR_JPEG == mp.ColorRange.kCR_JPEG
    assert int(mp.kCP_BT709) == 1 and int(mp.kCP_BT2020) == 9 and int(mp.kCP_EBU3213) == 22
    assert mp.kCP_BT709 is mp.ColorPrimaries.kCP_BT709
    assert int(mp.kCTC_SMPTE2084) == 16 and int(mp.kCTC_ARIB_STD_B67) == 18
    assert mp.kCTC_BT709 is mp.ColorTransferCharacteristic.kCTC_BT709
    assert len(mp.ColorSpace.__members__) == 15
    assert len(mp.ColorTransferCharacteristic.__members__) == 19


def test_pixel_info_seed_form():
    info = mp.PixelInfo(mp.PixelFormat.kPF_NV12, mp.ColorSpace.kCS_BT470BG, mp.ColorRange.kCR_MPEG)
    assert info.format == mp.kPF_NV12
    assert info.space == mp.kCS_BT470BG
    assert info.range == mp.kCR_MPEG
    assert info.primaries == mp.kCP_UNSPECIFIED
    assert info.transfer == mp.kCTC_UNSPECIFIED
    assert info.planes == 2
    assert info.is_yuv and not info.is_rgbx
    assert info.valid
    assert repr(info) == "PixelInfo(nv12, bt470bg, tv)"
    assert str(info) == "nv12 bt470bg tv"


def test_pixel_info_keywords_and_strings():
    info = mp.PixelInfo("rgb24", space="bt709", range="pc")
    assert info == mp.PixelInfo(mp.kPF_RGB24, mp.kCS_BT709, mp.kCR_JPEG)
    assert info.is_rgbx and info.planes == 1
    # BMF's meaning: one plane (gray and packed 4:2:2 too, planar RGB not).
    assert mp.PixelInfo("gray").is_rgbx and mp.PixelInfo("yuyv422").is_rgbx
    assert not mp.PixelInfo("gbrp").is_rgbx
    full = mp.PixelInfo(mp.kPF_P010LE, mp.kCS_BT2020_NCL, mp.kCR_MPEG, primaries=mp.kCP_BT2020,
                        transfer=mp.kCTC_SMPTE2084)
    assert full.primaries == mp.kCP_BT2020 and full.transfer == mp.kCTC_SMPTE2084
    assert "primaries=" in repr(full) and "transfer=" in repr(full)
    assert hash(info) == hash(mp.PixelInfo("rgb24", space="bt709", range="pc"))
    assert info != mp.PixelInfo("rgb24")
    assert info != "rgb24"


@pytest.mark.parametrize("fmt,space,range_", [
    # The documented rule: YUVJ → full range; other YUV → limited; RGB/gray → full.
    # Space: RGB formats → RGB; YUV and gray → BT.470BG (BT.601).
    (mp.kPF_YUVJ420P, mp.kCS_BT470BG, mp.kCR_JPEG),
    (mp.kPF_YUV420P, mp.kCS_BT470BG, mp.kCR_MPEG),
    (mp.kPF_NV12, mp.kCS_BT470BG, mp.kCR_MPEG),
    (mp.kPF_P010LE, mp.kCS_BT470BG, mp.kCR_MPEG),
    (mp.kPF_RGB24, mp.kCS_RGB, mp.kCR_JPEG),
    (mp.kPF_GBRPF32, mp.kCS_RGB, mp.kCR_JPEG),
    (mp.kPF_GRAY8, mp.kCS_BT470BG, mp.kCR_JPEG),
])
def test_pixel_info_inference(fmt, space, range_):
    info = mp.PixelInfo(fmt)
    assert info.space == mp.kCS_UNSPECIFIED and info.range == mp.kCR_UNSPECIFIED
    assert info.infer_space() == space
    assert info.infer_range() == range_
    resolved = info.resolved()
    assert (resolved.format, resolved.space, resolved.range) == (fmt, space, range_)
    # Explicit values are kept.
    explicit = mp.PixelInfo(fmt, mp.kCS_BT709, mp.kCR_MPEG)
    assert explicit.infer_space() == mp.kCS_BT709 and explicit.infer_range() == mp.kCR_MPEG


def test_pixel_info_with():
    info = mp.PixelInfo(mp.kPF_NV12, mp.kCS_BT709, mp.kCR_MPEG)
    assert info.with_format(mp.kPF_NV21).format == mp.kPF_NV21
    assert info.with_space("bt470bg").space == mp.kCS_BT470BG
    assert info.with_range(mp.kCR_JPEG).range == mp.kCR_JPEG
    assert info.with_range(mp.kCR_JPEG).space == mp.kCS_BT709  # the rest is kept


def test_pixel_info_bad_values():
    with pytest.raises(mp.InvalidArgument, match="bogus"):
        mp.PixelInfo("bogus")
    with pytest.raises(mp.InvalidArgument, match="nope"):
        mp.PixelInfo(mp.kPF_NV12, "nope")
    with pytest.raises(mp.InvalidArgument, match="sideways"):
        mp.PixelInfo(mp.kPF_NV12, mp.kCS_BT709, "sideways")
    with pytest.raises(mp.TypeMismatch):
        mp.PixelInfo(12)
    none = mp.PixelInfo(mp.kPF_NONE)
    assert not none.valid
    with pytest.raises(mp.InvalidArgument):
        none.planes


def test_parse_helpers():
    assert mp.parse_pixel_format("nv12") == mp.kPF_NV12
    assert mp.parse_pixel_format("kPF_YUV420P") == mp.kPF_YUV420P
    assert mp.parse_pixel_format("i420") == mp.kPF_YUV420P
    assert mp.parse_color_space("bt709") == mp.kCS_BT709
    assert mp.parse_color_range("tv") == mp.kCR_MPEG
    assert mp.parse_color_range("full") == mp.kCR_JPEG


# Independent facts about the formats (FFmpeg's pixdesc): planes, channels per plane,
# chroma subsampling (log2 w, h), bit depth, bytes per sample.
FACTS = {
    "YUV420P": ([1, 1, 1], 1, 1, 8, 1), "YUVJ420P": ([1, 1, 1], 1, 1, 8, 1),
    "YUV422P": ([1, 1, 1], 1, 0, 8, 1), "YUV444P": ([1, 1, 1], 0, 0, 8, 1),
    "NV12": ([1, 2], 1, 1, 8, 1), "NV21": ([1, 2], 1, 1, 8, 1), "NV16": ([1, 2], 1, 0, 8, 1),
    "NV24": ([1, 2], 0, 0, 8, 1), "GRAY8": ([1], 0, 0, 8, 1), "P010LE": ([1, 2], 1, 1, 10, 2),
    "P016LE": ([1, 2], 1, 1, 16, 2), "YUV420P10LE": ([1, 1, 1], 1, 1, 10, 2),
    "YUV422P10LE": ([1, 1, 1], 1, 0, 10, 2), "YUV444P10LE": ([1, 1, 1], 0, 0, 10, 2),
    "YUV420P12LE": ([1, 1, 1], 1, 1, 12, 2), "YUV422P12LE": ([1, 1, 1], 1, 0, 12, 2),
    "YUV444P12LE": ([1, 1, 1], 0, 0, 12, 2), "YUV420P16LE": ([1, 1, 1], 1, 1, 16, 2),
    "YUV444P16LE": ([1, 1, 1], 0, 0, 16, 2), "GRAY16": ([1], 0, 0, 16, 2),
    "RGB24": ([3], 0, 0, 8, 1), "BGR24": ([3], 0, 0, 8, 1), "RGBA32": ([4], 0, 0, 8, 1),
    "BGRA32": ([4], 0, 0, 8, 1), "ARGB32": ([4], 0, 0, 8, 1), "ABGR32": ([4], 0, 0, 8, 1),
    "RGB48": ([3], 0, 0, 16, 2), "BGR48": ([3], 0, 0, 16, 2), "RGBA64": ([4], 0, 0, 16, 2),
    "GBRP": ([1, 1, 1], 0, 0, 8, 1), "GBRPF32": ([1, 1, 1], 0, 0, 32, 4),
    "YUVA420P": ([1, 1, 1, 1], 1, 1, 8, 1), "YUVA444P": ([1, 1, 1, 1], 0, 0, 8, 1),
    "YUV440P": ([1, 1, 1], 0, 1, 8, 1),
}
PACKED_422 = {"YUYV422", "UYVY422", "YVYU422", "VYUY422"}


@pytest.mark.parametrize("name", ALL_FORMATS)
def test_format_desc_matches_facts(name):
    fmt = getattr(mp, "kPF_" + name)
    desc = mp.pixel_format_desc(fmt)
    assert desc.format == fmt
    assert mp.PixelInfo(fmt).desc.name == desc.name
    assert fmt.desc.name == desc.name
    assert mp.pixel_format_desc(desc.name).format == fmt  # the name parses back
    assert desc.num_planes == len(desc.planes)
    if name in PACKED_422:
        assert desc.packed422 and desc.num_planes == 1 and desc.log2_chroma_w == 1
        assert desc.planes[0].channels == 2 and len(desc.planes[0].components) == 4
        return
    channels, ssw, ssh, depth, size = FACTS[name]
    assert [p.channels for p in desc.planes] == channels
    assert (desc.log2_chroma_w, desc.log2_chroma_h) == (ssw, ssh)
    assert desc.bit_depth == depth
    assert desc.sample_size == size == desc.dtype.itemsize
    assert desc.is_planar == (len(channels) > 1)
    assert desc.has_alpha == (name.startswith(("YUVA", "RGBA", "BGRA", "ARGB", "ABGR")))
    assert desc.family == ("rgb" if desc.is_rgb else "gray" if desc.is_gray else "yuv")


@pytest.mark.parametrize("name", ALL_FORMATS)
@pytest.mark.parametrize("w,h", [(1, 1), (5, 3), (64, 48), (33, 17)])
def test_plane_geometry_rounds_up(name, w, h):
    desc = mp.pixel_format_desc(getattr(mp, "kPF_" + name))
    for p, plane in enumerate(desc.planes):
        # Chroma of odd sizes rounds UP (BMF floors and loses the last column/row).
        exp_w = math.ceil(w / (1 << plane.log2_ssx))
        exp_h = math.ceil(h / (1 << plane.log2_ssy))
        if name in PACKED_422:
            exp_w = math.ceil(w / 2) * 2  # a packed 4:2:2 row holds whole pixel pairs
        assert desc.plane_width(p, w) == exp_w
        assert desc.plane_height(p, h) == exp_h
        assert desc.plane_row_bytes(p, w) == exp_w * plane.channels * desc.sample_size
    with pytest.raises(mp.OutOfRange):
        desc.plane_width(desc.num_planes, w)


def test_format_desc_bad():
    with pytest.raises(mp.InvalidArgument):
        mp.pixel_format_desc(mp.kPF_NONE)
    with pytest.raises(mp.InvalidArgument, match="xyz"):
        mp.pixel_format_desc("xyz")
    assert "nv12" in repr(mp.pixel_format_desc("nv12"))
