"""Drives `tersify serve` with real clients and prints what it saw as JSON.

    python3 serve_check.py TERSIFY_BINARY SAMPLE_PROMPT

Starts a stand-in upstream (an OpenAI-compatible endpoint on loopback that
records each request and answers with a canned completion, or a canned
stream of Server-Sent Events), then tersify serve in front of it, and talks
to both with the `openai` package and with plain HTTP. The Swift test
(ServeCLITests) asserts on the printed observations.
"""
import http.server
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import openai

BINARY, SAMPLE = sys.argv[1], sys.argv[2]
PROMPT = open(SAMPLE, encoding="utf-8").read()
received = []

CHUNKS = [
    {"delta": {"role": "assistant", "content": "Channel "}, "finish_reason": None},
    {"delta": {"content": "12."}, "finish_reason": None},
    {"delta": {}, "finish_reason": "stop"},
]
SSE = b"".join(
    b"data: " + json.dumps({"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "m",
                            "choices": [dict(index=0, **chunk)]}).encode() + b"\n\n"
    for chunk in CHUNKS
) + b"data: [DONE]\n\n"
COMPLETION = json.dumps({
    "id": "c0", "object": "chat.completion", "created": 0, "model": "m",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Channel 12."}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}).encode()


class Upstream(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        request = json.loads(body)
        received.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": request})
        if request.get("slow"):
            time.sleep(1.5)
        if request.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("X-Upstream", "yes")
            self.end_headers()
            # A chunk at a time, as a model streams.
            for part in SSE.split(b"\n\n")[:-1]:
                self.wfile.write(part + b"\n\n")
                self.wfile.flush()
                time.sleep(0.05)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(COMPLETION)))
        self.end_headers()
        self.wfile.write(COMPLETION)

    def log_message(self, *args):
        pass


def start_tersify(*arguments):
    process = subprocess.Popen([BINARY, "serve", "--port", "0", *arguments], stderr=subprocess.PIPE, text=True)
    for line in process.stderr:
        if "listening on" in line:
            port = int(line.rsplit(":", 1)[1])
            threading.Thread(target=lambda: process.stderr.read(), daemon=True).start()
            return process, port
    raise SystemExit("tersify serve did not start: exit %s" % process.wait())


def post(port, path, body, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def get(port, path, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


seen = {}
upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
threading.Thread(target=upstream.serve_forever, daemon=True).start()
upstream_url = f"http://127.0.0.1:{upstream.server_address[1]}/v1"

# The plain endpoints, and the proxy with the openai package.
server, port = start_tersify("--upstream", upstream_url, "--budget", "150", "--compress-last-user")
seen["healthz"] = get(port, "/healthz")[0]
status, _, body = post(port, "/v1/compress", json.dumps({"id": 3, "text": PROMPT, "budget": 120}).encode())
seen["compress"] = {"status": status, **json.loads(body)}
status, _, body = post(port, "/v1/compress", b'{"text": "x", "budegt": 5}')
seen["compress_unknown_field"] = {"status": status, **json.loads(body)}
status, _, body = post(port, "/v1/compress", b'{"text": "Hello. Question: why is the sky blue today?", "budget": 2}')
seen["compress_over_budget"] = {"status": status, **json.loads(body)}
status, _, body = post(port, "/v1/count", json.dumps({"text": PROMPT}).encode())
seen["count"] = {"status": status, **json.loads(body)}
status, _, body = post(port, "/v1/tokenize", b'{"text": "Hello, world!", "tokenizer": "o200k_base"}')
seen["tokenize"] = {"status": status, **json.loads(body)}
status, _, body = post(port, "/v1/detokenize", b'{"tokens": [9906, 11, 1917, 0]}')
seen["detokenize"] = {"status": status, **json.loads(body)}
status, _, body = post(port, "/v1/count", b'{"text": 5}')
seen["count_wrong_type"] = {"status": status, **json.loads(body)}

client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="sk-test-secret")
messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": PROMPT}]
raw = client.chat.completions.with_raw_response.create(model="m", messages=messages,
                                                       extra_headers={"X-Tersify-Budget": "120",
                                                                      "X-Tersify-Compress-Last-User": "true"})
completion = raw.parse()
seen["completion"] = {"content": completion.choices[0].message.content,
                      "tokens_before": raw.headers.get("x-tersify-tokens-before"),
                      "tokens_after": raw.headers.get("x-tersify-tokens-after")}
stream = client.chat.completions.create(model="m", messages=messages, stream=True)
seen["stream"] = "".join(chunk.choices[0].delta.content or "" for chunk in stream)
status, headers, body = post(port, "/v1/chat/completions",
                             json.dumps({"model": "m", "messages": messages, "stream": True}).encode(),
                             {"Authorization": "Bearer sk-test-secret"})
seen["stream_raw"] = {"status": status, "identical": body == SSE, "upstream_header": headers.get("X-Upstream")}
seen["upstream"] = [{"path": r["path"], "authorization": r["headers"].get("authorization"),
                     "tersify_headers": [k for k in r["headers"] if k.startswith("x-tersify")],
                     "system": r["body"]["messages"][0]["content"],
                     "user_length": len(r["body"]["messages"][1]["content"]),
                     "question_kept": "which VHF channel" in r["body"]["messages"][1]["content"]} for r in received]
seen["prompt_length"] = len(PROMPT)
status, metrics = get(port, "/metrics")
seen["metrics"] = {"status": status, "proxy_tokens": "tersify_proxy_tokens_in_total" in metrics.decode(),
                   "requests": "http_server_request_duration" in metrics.decode()}

# SIGTERM during a slow upstream answer: the answer still arrives, then the server exits 0.
result = {}
def slow():
    result["response"] = post(port, "/v1/chat/completions",
                              json.dumps({"model": "m", "messages": messages, "slow": True}).encode())
thread = threading.Thread(target=slow)
thread.start()
time.sleep(0.5)
server.send_signal(signal.SIGTERM)
thread.join()
seen["graceful"] = {"status": result["response"][0], "body_ok": result["response"][2] == COMPLETION,
                    "exit": server.wait(timeout=30)}

# A key, and a body limit.
with tempfile.NamedTemporaryFile("w", delete=False) as key:
    key.write("s3cret\n")
server, port = start_tersify("--api-key-file", key.name, "--max-body-bytes", "1000", "--upstream", upstream_url)
seen["auth"] = {
    "healthz": get(port, "/healthz")[0],
    "missing": post(port, "/v1/count", b'{"text": "a"}')[0],
    "wrong": post(port, "/v1/count", b'{"text": "a"}', {"Authorization": "Bearer nope"})[0],
    "bearer": post(port, "/v1/count", b'{"text": "a"}', {"Authorization": "Bearer s3cret"})[0],
    "header": post(port, "/v1/count", b'{"text": "a"}', {"X-Tersify-Key": "s3cret"})[0],
    "metrics_missing": get(port, "/metrics")[0],
    "proxy_bearer_only": post(port, "/v1/chat/completions", json.dumps({"model": "m", "messages": messages[:1]}).encode(),
                              {"Authorization": "Bearer s3cret"})[0],
}
count_before = len(received)
status, _, _ = post(port, "/v1/chat/completions", json.dumps({"model": "m", "messages": messages[:1]}).encode(),
                    {"Authorization": "Bearer sk-upstream", "X-Tersify-Key": "s3cret"})
seen["auth"]["proxy"] = status
seen["auth"]["proxy_authorization"] = received[-1]["headers"].get("authorization") if len(received) > count_before else None
seen["too_large"] = post(port, "/v1/compress", json.dumps({"text": "a" * 2000}).encode(), {"X-Tersify-Key": "s3cret"})[0]
server.send_signal(signal.SIGINT)
seen["sigint_exit"] = server.wait(timeout=30)
os.unlink(key.name)

# Only loopback without a key.
refused = subprocess.run([BINARY, "serve", "--host", "0.0.0.0", "--port", "0"], capture_output=True, text=True, timeout=30)
seen["non_loopback"] = {"exit": refused.returncode, "stderr": refused.stderr}
upstream.shutdown()
print(json.dumps(seen))
