from setuptools import setup

setup(
    name="tap-tiny",
    version="0.1.0",
    packages=["tap_tiny"],
    entry_points={"console_scripts": ["tap-tiny=tap_tiny:main"]},
)
