"""Tensor arithmetic, unary operations and dtype conversion against NumPy.

The rules (hmp's, see Tensor::add in include/framekit/core/tensor.h): two tensors of one
dtype give that dtype with wrapping integers and truncating integer division; mixed
dtypes promote as numpy.result_type; a number is first cast to the tensor's dtype.
Every case is generated over dtype pairs and compared with NumPy computing the same rule.
"""
import itertools

import numpy as np
import pytest

import framekit as mp

DTYPES = [np.uint8, np.int8, np.uint16, np.int16, np.int32, np.int64,
          np.float16, np.float32, np.float64]
OPS = ["add", "sub", "mul", "div"]
rng = np.random.default_rng(19)


def sample(dtype, shape, nonzero=False):
    if np.issubdtype(dtype, np.floating):
        a = (rng.normal(size=shape) * 50).astype(dtype)
    else:
        info = np.iinfo(dtype)
        lo, hi = max(info.min, -1000), min(info.max, 1000)
        a = rng.integers(lo, hi, size=shape, endpoint=True).astype(dtype)
    if nonzero:
        a[a == 0] = 1
    return a


def numpy_op(op, a, b, dtype):
    """The reference: NumPy computing in `dtype`, with hmp's integer division."""
    a = np.asarray(a).astype(dtype)
    b = np.asarray(b).astype(dtype)
    with np.errstate(all="ignore"):
        if op == "add":
            return (a + b).astype(dtype)
        if op == "sub":
            return (a - b).astype(dtype)
        if op == "mul":
            return (a * b).astype(dtype)
        if np.issubdtype(dtype, np.floating):
            return (a / b).astype(dtype)
        # Truncating division on exact int64 values (operands are small).
        x, y = a.astype(np.int64), b.astype(np.int64)
        q = np.where(y == 0, 0, np.abs(x) // np.where(y == 0, 1, np.abs(y)) * np.sign(x) * np.sign(y))
        return q.astype(dtype)


def same(got, expected):
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    assert got.shape == expected.shape
    assert np.array_equal(got, expected, equal_nan=True)


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("da,db", list(itertools.product(DTYPES, DTYPES)))
def test_binary_dtype_pairs_broadcast(op, da, db):
    a = sample(da, (3, 1, 5))
    b = sample(db, (4, 1), nonzero=True)
    rt = np.result_type(da, db)
    got = getattr(mp.from_numpy(a), op)(mp.from_numpy(b)).numpy()
    same(got, numpy_op(op, np.broadcast_to(a, (3, 4, 5)), np.broadcast_to(b, (3, 4, 5)), rt))


@pytest.mark.parametrize("dtype", DTYPES)
def test_operators_scalar_reversed_noncontiguous(dtype):
    a = sample(dtype, (4, 6, 8), nonzero=True)
    t = mp.from_numpy(a)
    s = 3 if not np.issubdtype(dtype, np.floating) else 2.5
    for sym, op in (("+", "add"), ("-", "sub"), ("*", "mul"), ("/", "div")):
        same(eval(f"t {sym} t").numpy(), numpy_op(op, a, a, dtype))
        same(eval(f"t {sym} s").numpy(), numpy_op(op, a, np.array(s).astype(dtype), dtype))
        same(eval(f"s {sym} t").numpy(), numpy_op(op, np.array(s).astype(dtype), a, dtype))
        view = t.slice(1, 0, 6, 2)
        assert view.is_contiguous is False
        same(eval(f"view {sym} view").numpy(), numpy_op(op, a[:, ::2], a[:, ::2], dtype))


def test_number_is_cast_to_the_tensor_dtype_first():
    t = mp.from_numpy(np.array([10, -7, 7], np.int32))
    same((t + 2.9).numpy(), np.array([12, -5, 9], np.int32))  # 2.9 -> 2, as hmp does
    same((t / 2).numpy(), np.array([5, -3, 3], np.int32))    # truncates toward zero
    same((t / 0).numpy(), np.zeros(3, np.int32))
    big = mp.from_numpy(np.array([2**62], np.int64))
    assert (big + 1).numpy()[0] == 2**62 + 1  # ints stay exact


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("ds,do", list(itertools.product(DTYPES, DTYPES)))
def test_inplace_dtype_pairs(op, ds, do):
    a = sample(ds, (5, 7))
    b = sample(do, (7,), nonzero=True)
    t = mp.from_numpy(a.copy())
    rt = np.result_type(ds, do)
    if not np.can_cast(rt, ds, "same_kind"):
        with pytest.raises(TypeError):
            getattr(t, op + "_")(mp.from_numpy(b))
        return
    same_obj = getattr(t, op + "_")(mp.from_numpy(b))
    assert same_obj is t
    with np.errstate(all="ignore"):
        expected = numpy_op(op, a, np.broadcast_to(b, a.shape), rt).astype(ds)
    same(t.numpy(), expected)


@pytest.mark.parametrize("dtype", [np.int16, np.float32, np.float16])
def test_inplace_operators_alias_themselves(dtype):
    a = sample(dtype, (6, 6), nonzero=True)
    t = mp.from_numpy(a.copy())
    before = id(t)
    t += t
    t *= 2
    assert id(t) == before
    same(t.numpy(), numpy_op("mul", numpy_op("add", a, a, dtype), np.array(2).astype(dtype), dtype))
    # Overlapping but shifted views: NumPy reads the operand as it was before the write.
    ref = a.copy()
    t = mp.from_numpy(a.copy())
    t[1:] += t[:-1]
    with np.errstate(all="ignore"):
        ref[1:] += ref[:-1].copy()
    same(t.numpy(), ref)
    t = mp.from_numpy(a.copy())
    t[:, :] -= t.transpose(0, 1)
    same(t.numpy(), numpy_op("sub", a, a.T.copy(), dtype))


def test_broadcast_errors():
    with pytest.raises(ValueError):
        mp.zeros((2, 3)) + mp.zeros((4,))
    with pytest.raises(ValueError):  # the in-place result must keep the shape
        mp.zeros((3,)).add_(mp.zeros((2, 3)))


FLOATS = [np.float16, np.float32, np.float64]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,ref", [("round", np.round), ("ceil", np.ceil),
                                      ("floor", np.floor), ("abs", np.abs)])
def test_unary(dtype, name, ref):
    a = sample(dtype, (9, 31)) / (1 if not np.issubdtype(dtype, np.floating) else 7)
    a = a.astype(dtype)
    if np.issubdtype(dtype, np.floating):
        a.flat[:6] = [np.inf, -np.inf, np.nan, 0.5, 1.5, -2.5]
    elif np.issubdtype(dtype, np.signedinteger):
        a.flat[0] = np.iinfo(dtype).min
    with np.errstate(all="ignore"):
        expected = ref(a).astype(dtype)
    t = mp.from_numpy(a.copy())
    same(getattr(t, name)().numpy(), expected)
    view = mp.from_numpy(a.copy()).slice(1, 0, 31, 3)
    same(getattr(view, name)().numpy(), expected[:, ::3])
    assert getattr(t, name + "_")() is t
    same(t.numpy(), expected)


@pytest.mark.parametrize("dtype", DTYPES)
def test_clip(dtype):
    a = np.arange(-100, 100).astype(dtype)
    if np.issubdtype(dtype, np.floating):
        a[3] = np.nan
    t = mp.from_numpy(a.copy())
    same(t.clip(5, 10).numpy(), np.clip(a, 5, 10))
    same(t.clip(11, 11).numpy(), np.clip(a, 11, 11))
    assert t.clip_(3, 7) is t
    same(t.numpy(), np.clip(a, 3, 7).astype(dtype))
    with pytest.raises(ValueError):
        t.clip(10, 0)


@pytest.mark.parametrize("src,dst", list(itertools.product(DTYPES, DTYPES)))
def test_to_matches_numpy_astype(src, dst):
    if np.issubdtype(src, np.floating):
        # In every target's range after truncation to int32, where x86-64 NumPy is defined.
        v = np.concatenate([rng.uniform(-40000, 40000, 500), [0.5, -0.5, 1.5, -1.99, 255.9]])
        a = v.astype(src)
    else:
        a = sample(src, (505,))
        if np.issubdtype(src, np.signedinteger):
            a[:2] = [np.iinfo(src).min, np.iinfo(src).max]
    t = mp.from_numpy(a).reshape(5, 101)
    with np.errstate(all="ignore"):
        expected = a.reshape(5, 101).astype(dst)
    same(t.to(dst).numpy(), expected)
    same(t.slice(1, 0, 101, 2).to(dst).numpy(), expected[:, ::2])


def test_float64_to_float16_goes_through_float32():
    # As torch and hmp convert: round to float32, then to float16. Just above a tie between
    # two halves, the float32 step lands on the tie and ties-to-even picks the lower one,
    # where NumPy's single rounding picks the upper.
    lo = np.float16(1.0)
    hi = np.nextafter(lo, np.float16(2))
    mid = (np.float64(lo) + np.float64(hi)) / 2
    v = np.array([mid + 2**-40, mid - 2**-40, mid, 3.14159, -1e-6, 1e6], np.float64)
    got = mp.from_numpy(v).to(mp.kFloat16).numpy()
    same(got, v.astype(np.float32).astype(np.float16))
    assert got[0] == lo and v[:1].astype(np.float16)[0] == hi


def test_fill_casts_like_to():
    t = mp.zeros((3,), mp.kInt16)
    t.fill_(2.7)
    same(t.numpy(), np.full(3, 2.7).astype(np.int16))
    t.fill_(-2.7)
    same(t.numpy(), np.full(3, -2.7).astype(np.int16))
