"""The portal's test suite, mirroring the apps."""
