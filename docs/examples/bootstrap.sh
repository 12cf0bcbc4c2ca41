#!/bin/sh
# Example bootstrap script for docs/examples/profile.complete.yaml: runs as root on every node after the node checks
# pass. Install the VAST software here; never put secrets in it (it travels in custom data).
set -eu
echo "node $(hostname) ready for the VAST installer"
