#!/bin/bash
set -euo pipefail
systemctl stop storefront || true
