"""`@record`: the part of `dataclasses` speclint uses, without importing it.

`import dataclasses` imports `inspect`, ~10 ms that a one-file pre-commit run cannot
afford (the benchmark in bench/ shows it). Records get an __init__ from their annotations
(with defaults and `field(default_factory=...)`), __repr__, __eq__, and with frozen=True
immutability and __hash__; `replace()` copies one with some fields changed.
"""

from __future__ import annotations

_MISSING = object()


class _Field:
    __slots__ = ("default", "default_factory", "compare")

    def __init__(self, default=_MISSING, default_factory=None, compare=True):
        self.default, self.default_factory, self.compare = default, default_factory, compare


def field(*, default=_MISSING, default_factory=None, compare: bool = True):
    """compare=False keeps a field out of ==, and of the hash of a frozen record."""
    return _Field(default, default_factory, compare)


def _fields(cls) -> list:
    names: list = []
    for klass in reversed(cls.__mro__):
        for name, annotation in klass.__dict__.get("__annotations__", {}).items():
            if "ClassVar" in str(annotation) or name in names:
                continue
            names.append(name)
    return names


def record(cls=None, *, frozen: bool = False):
    def wrap(klass):
        names = _fields(klass)
        specs = {}
        for name in names:
            value = klass.__dict__.get(name, _MISSING)
            if value is _MISSING:
                for base in klass.__mro__[1:]:
                    if name in getattr(base, "__record_specs__", {}):
                        value = base.__record_specs__[name]
                        break
            spec = value if isinstance(value, _Field) else _Field(default=value)
            specs[name] = spec
            if isinstance(value, _Field) and name in klass.__dict__:
                if spec.default is _MISSING:
                    delattr(klass, name)
                else:
                    setattr(klass, name, spec.default)
        compared = [n for n in names if specs[n].compare]

        def __init__(self, *args, **kwargs):
            if len(args) > len(names):
                raise TypeError(f"{klass.__name__}() takes {len(names)} arguments, {len(args)} given")
            values = dict(zip(names, args))
            for key, value in kwargs.items():
                if key not in specs or key in values:
                    raise TypeError(f"{klass.__name__}() got an unexpected or repeated argument {key!r}")
                values[key] = value
            for name in names:
                if name not in values:
                    spec = specs[name]
                    if spec.default_factory is not None:
                        values[name] = spec.default_factory()
                    elif spec.default is not _MISSING:
                        values[name] = spec.default
                    else:
                        raise TypeError(f"{klass.__name__}() missing argument {name!r}")
                object.__setattr__(self, name, values[name])
            post = getattr(self, "__post_init__", None)
            if post is not None:
                post()

        def __repr__(self):
            inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
            return f"{klass.__name__}({inner})"

        def __eq__(self, other):
            if other.__class__ is not self.__class__:
                return NotImplemented
            return all(getattr(self, n) == getattr(other, n) for n in compared)

        klass.__init__ = __init__
        klass.__repr__ = __repr__
        klass.__eq__ = __eq__
        klass.__record_fields__ = tuple(names)
        klass.__record_specs__ = specs
        if frozen:
            def __setattr__(self, name, value):
                raise AttributeError(f"{klass.__name__} is frozen: cannot set {name!r}")

            def __hash__(self):
                return hash(tuple(getattr(self, n) for n in compared))

            klass.__setattr__ = __setattr__
            klass.__delattr__ = __setattr__
            klass.__hash__ = __hash__
        else:
            klass.__hash__ = None
        return klass

    return wrap(cls) if cls is not None else wrap


def replace(obj, **changes):
    """A copy of a record with some fields changed."""
    values = {n: getattr(obj, n) for n in obj.__record_fields__}
    values.update(changes)
    return obj.__class__(**values)


def asdict(obj):
    """A record (and records, lists and dicts inside it) as plain data."""
    if hasattr(obj, "__record_fields__"):
        return {n: asdict(getattr(obj, n)) for n in obj.__record_fields__}
    if isinstance(obj, (list, tuple)):
        return type(obj)(asdict(v) for v in obj)
    if isinstance(obj, dict):
        return {k: asdict(v) for k, v in obj.items()}
    return obj
