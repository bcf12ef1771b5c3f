"""TensorList: what Frame.data() returns.

A plain list of framekit Tensors that can also hand all of them to NumPy or PyTorch at
once, so the seed's ``vf.frame().data().torch()`` works.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Aliased: in the class, the methods numpy and torch would shadow the modules.
    import numpy as _numpy
    import torch as _torch

    from ._framekit import Tensor


class TensorList(list["Tensor"]):
    """A list of framekit.Tensor with bulk conversions."""

    def numpy(self) -> list[_numpy.ndarray]:
        """Zero-copy NumPy views of every tensor (each keeps its storage alive)."""
        return [t.numpy() for t in self]

    def torch(self) -> list[_torch.Tensor]:
        """Zero-copy torch.Tensors of every tensor (via DLPack)."""
        return [t.torch() for t in self]
