"""Minimal stand-in for the `safetensors` package, used only to run the lesson listings where
the real package is not installed (Debian packages torch but not safetensors). Learners install
the real one with pip."""
