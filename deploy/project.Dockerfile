# A project image, the way Meltano's guide builds one (FROM meltano/meltano, COPY the project,
# RUN meltano install): the Meltano project is copied to /project on top of a Tapline service
# image, and the Runner image installs the plugins at build time.
#
#   docker build -f deploy/project.Dockerfile --build-arg TAPLINE_IMAGE=tapline/runner:latest \
#     -t my-registry/tapline-runner:1 path/to/meltano-project
#
# Build it once per service image (tapline/api, tapline/scheduler, tapline/runner).
ARG TAPLINE_IMAGE=tapline/runner:latest
FROM ${TAPLINE_IMAGE}

USER root
# Python plugins (pip_url) need a Python with venv; executable plugins do not.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv \
 && rm -rf /var/lib/apt/lists/*

ENV MELTANO_PROJECT_ROOT=/project \
    MELTANO_PROJECT_READONLY=true
COPY . /project
# Only the Runner runs plugins, so only its image installs them.
RUN if [ -x /app/tapline ]; then cd /project && /app/tapline install; fi \
 && mkdir -p /project/.meltano/logs /project/.meltano/run \
 && chown -R "$APP_UID" /project/.meltano

USER $APP_UID
