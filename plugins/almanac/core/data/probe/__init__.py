# The provider probe (`almanac probe`): real, minimal requests to the providers' APIs, classified
# and folded into the daily roll-ups of `data/status/`. Never part of a build.
#
#   targets.py    which checks to probe, where, as which model, with which key's variable
#   protocols.py  OpenAI's chat completions and Anthropic's messages: the request, the reply
#   client.py     the requests (httpx), bounded in number at once and in total time
#   classify.py   ok, degraded or failed, and why
#   rollup.py     the samples folded into `data/status/<provider>/<YYYY-MM>.yaml`, idempotently

from __future__ import annotations
