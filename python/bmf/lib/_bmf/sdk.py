"""bmf.lib._bmf.sdk: BMF's SDK classes that framekit has, and stand-ins for those it has not.

VideoFrame, MediaDesc, MediaType and bmf_convert are framekit's own. AudioFrame,
BMFAVPacket and Packet (BMF's audio frames and graph packets) are not part of framekit:
the names exist so that BMF modules importing them load, and constructing one raises
framekit.Unsupported (a NotImplementedError and a RuntimeError).
"""
import framekit as _fk
from framekit import MediaDesc, MediaType, VideoFrame, bmf_convert  # noqa: F401

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
