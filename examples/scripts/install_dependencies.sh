#!/bin/bash
set -euo pipefail
cd /var/www/storefront
npm ci --omit=dev
