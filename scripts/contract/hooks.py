"""Schemathesis hooks for scripts/contract.sh: sign in as the demo admin.

The run fuzzes every operation, sign-in and sign-out included: a fuzzed
`POST /auth/logout` or `DELETE /users/{id}/sessions` ends the admin's session,
and wrong passwords lock the address they come from. So the token is fetched
here, from its own loopback address (127.0.0.2, never locked by the fuzzer's
failures at 127.0.0.1), and fetched again whenever an answer is 401.
"""

import http.client
import json
import os

import schemathesis

HOST = os.environ["KADESK_CONTRACT_HOST"]
PORT = int(os.environ["KADESK_CONTRACT_PORT"])
USERNAME = os.environ["KADESK_CONTRACT_USER"]
PASSWORD = os.environ["KADESK_CONTRACT_PASSWORD"]
LOGIN_FROM = os.environ.get("KADESK_CONTRACT_LOGIN_FROM", "127.0.0.2")


WIDGET_FROM = os.environ.get("KADESK_CONTRACT_WIDGET_FROM", "127.0.0.3")
WIDGET_PATHS = r"^/api/v1/widget/"


def post_json(path: str, payload: dict, source: str) -> dict:
    """POSTs JSON from the loopback address `source`; the answer must be 200."""
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30, source_address=(source, 0))
    try:
        connection.request(
            "POST", path, body=json.dumps(payload), headers={"Content-Type": "application/json"}
        )
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        if response.status != 200:
            raise RuntimeError(f"POST {path} answered {response.status}: {text}")
        return json.loads(text)
    finally:
        connection.close()


@schemathesis.auth(refresh_interval=600).skip_for(path_regex=WIDGET_PATHS)
class AdminSession:
    """The console's operations: a bearer token of the demo admin."""

    def get(self, case, context):
        answer = post_json("/api/v1/auth/login", {"username": USERNAME, "password": PASSWORD}, LOGIN_FROM)
        return answer["token"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.auth(refresh_interval=600).apply_to(path_regex=WIDGET_PATHS)
class VisitorSession:
    """The widget's operations: a buyer's visitor token."""

    def get(self, case, context):
        return post_json("/api/v1/widget/session", {}, WIDGET_FROM)["visitor_token"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


def signed_in_admin_id() -> int:
    """The id of the user the run signs in as."""
    answer = post_json("/api/v1/auth/login", {"username": USERNAME, "password": PASSWORD}, LOGIN_FROM)
    return int(answer["user"]["id"])


ADMIN_ID = signed_in_admin_id()


@schemathesis.hook("filter_path_parameters").apply_to(path_regex=r"^/api/v1/users/")
def leave_the_run_s_own_account_alone(ctx, path_parameters):
    """A fuzzed new password or a disabled account would lock the run out:
    every other user is fair game, the signed-in admin is not."""
    return path_parameters is None or str(path_parameters.get("id")) != str(ADMIN_ID)
