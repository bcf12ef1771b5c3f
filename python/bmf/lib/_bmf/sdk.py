"""bmf.lib._bmf.sdk: BMF's SDK classes that framekit has, and stand-ins for those it has not.

VideoFrame, MediaDesc and MediaType are framekit's own; bmf_convert is framekit's with
hmp's YUV->RGB conventions as its defaults (chroma repeated, results truncated). AudioFrame,
BMFAVPacket and Packet (BMF's audio frames and graph packets) are not part of framekit:
the names exist so that BMF modules importing them load, and constructing one raises
framekit.Unsupported (a NotImplementedError and a RuntimeError).
"""
import framekit as _fk
from framekit import MediaDesc, MediaType, VideoFrame  # noqa: F401


def bmf_convert(src, src_desc, dst_desc, *, chroma_upsample=_fk.ChromaUpsample.kNearest,
                rounding=_fk.Rounding.kTruncate):
    return _fk.bmf_convert(src, src_desc, dst_desc, chroma_upsample=chroma_upsample,
                           rounding=rounding)


bmf_convert.__doc__ = ("framekit.bmf_convert with hmp's YUV->RGB conventions by default: "
                       "chroma repeated over its block, results truncated.\n\n" +
                       (_fk.bmf_convert.__doc__ or ""))

OpaqueDataKey = MediaType


def _not_in_framekit(name, what):
    def __init__(self, *args, **kwargs):
        raise _fk.Unsupported(f"bmf.{name}: framekit has no {what}; only VideoFrame, "
                              "MediaDesc and bmf_convert of BMF's SDK are provided")

    return type(name, (), {"__init__": __init__, "__module__": __name__,
                           "__doc__": f"Not provided by framekit: {what}."})


AudioFrame = _not_in_framekit("AudioFrame", "audio frames")
BMFAVPacket = _not_in_framekit("BMFAVPacket", "compressed packets")
Packet = _not_in_framekit("Packet", "graph packets")
