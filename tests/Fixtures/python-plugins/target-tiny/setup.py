from setuptools import setup

setup(
    name="target-tiny",
    version="0.1.0",
    packages=["target_tiny"],
    entry_points={"console_scripts": ["target-tiny=target_tiny:main"]},
)
