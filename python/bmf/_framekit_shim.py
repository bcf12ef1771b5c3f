"""Marks this `bmf` package as framekit's compatibility package (see __init__.py): a
real BMF has no such module, so copies of this package never count as a real BMF."""
