"""TensorList: what Frame.data() returns.

A plain list of framekit Tensors that can also hand all of them to NumPy or PyTorch at
once, so the seed's ``vf.frame().data().torch()`` works.
"""


class TensorList(list):
    """A list of framekit.Tensor with bulk conversions."""

    def numpy(self):
        """Zero-copy NumPy views of every tensor (each keeps its storage alive)."""
        return [t.numpy() for t in self]

    def torch(self):
        """Zero-copy torch.Tensors of every tensor (via DLPack)."""
        return [t.torch() for t in self]
