"""Analysis stages: one module per analysis, each exposing a ``Stage`` (see framelens.pipeline)."""
