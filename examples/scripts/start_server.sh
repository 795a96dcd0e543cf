#!/bin/bash
set -euo pipefail
systemctl start storefront
