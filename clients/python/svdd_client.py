#!/usr/bin/python3
"""A Python client of the svdd job API, built only from the project's .proto files.

Messages come from Debian's protoc (protoc -I proto --python_out=OUT proto/svdd/v1/*.proto); the calls
are made with python3-grpcio directly, so no gRPC code generator is needed. Import SamplingClient from a
script of your own, or run this file:

    C="/usr/bin/python3 clients/python/svdd_client.py --server 127.0.0.1:50051 --generated OUT"
    # (--tls-ca CERT.pem for a service with TLS; --token or env SVDD_API_TOKEN once it sets tokens)
    $C run --particles 8 --name try   # submit, watch to the end, read the samples; one line of JSON
    $C run --spec job.json --seed 2   # the job in job.json (JSON, as svdd status prints a spec), seed 2
    $C watch JOB                      # follow a job to its end, however long; its last status as JSON
                                      # (both show the job's progress on standard error; --quiet for none)
    $C status JOB                     # a job's status as JSON: progress, values, oracle work, times, spec
    $C jobs --state DONE --name try   # the jobs (in those states, so named), newest first, as a JSON list
    $C cancel JOB                     # stop a queued or running job
    $C delete JOB                     # remove an ended job and its samples

A refused call prints {"error": CODE, "message": ...} and exits with 3 (a bad option of its own: 2).
"""
import argparse
import json
import math
import os
import socket
import sys
import time

import grpc
from google.protobuf import json_format

SERVICE = "/svdd.v1.SamplingService/"
# a channel that tries a lost server again within seconds (gRPC's own backoff grows to two minutes)
CHANNEL_OPTIONS = [("grpc.initial_reconnect_backoff_ms", 500), ("grpc.max_reconnect_backoff_ms", 2000)]
ENDED = ("DONE", "FAILED", "CANCELLED")
# what run submits for an option given neither on its command line nor in --spec
RUN_DEFAULTS = dict(task="trna", method="svdd", particles=4, steps=8, seed=1)


def target(servers):
    """The gRPC target of host:port, or of several comma-separated api nodes, as svdd's --server takes them: their
    addresses are tried in order (gRPC's pick-first), so a call goes to the next node while one is down."""
    entries = [entry.strip() for entry in servers.split(",")]
    nodes = [entry.rpartition(":")[::2] for entry in entries]
    for entry, (host, port) in zip(entries, nodes):
        if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
            raise ValueError("--server: '%s' is not host:port" % entry)
    if len(entries) == 1:
        return entries[0]
    addresses, families = [], set()
    for host, port in nodes:
        try:
            found = socket.getaddrinfo(host.strip("[]"), int(port), type=socket.SOCK_STREAM)
        except socket.gaierror as e:
            raise ValueError("--server: host '%s' is not known (%s)" % (host, e.strerror))
        family, _, _, _, address = next((a for a in found if a[0] == socket.AF_INET), found[0])
        families.add(family)
        addresses.append(("[%s]:%s" if family == socket.AF_INET6 else "%s:%s") % (address[0], port))
    if len(families) > 1:
        raise ValueError("--server: give the api nodes all by IPv4 or all by IPv6 addresses, not both")
    return ("ipv6:" if socket.AF_INET6 in families else "ipv4:") + ",".join(addresses)


def open_channel(server, tls_ca=None):
    """A channel to the job API at server (see target): plaintext, or TLS trusting the PEM certificate(s) in tls_ca."""
    to = target(server)
    if tls_ca is None:
        return grpc.insecure_channel(to, options=CHANNEL_OPTIONS)
    try:
        with open(tls_ca, "rb") as pem:
            roots = pem.read()
    except OSError as e:
        raise ValueError("--tls-ca %s cannot be read (%s)" % (tls_ca, e.strerror))
    if b"-----BEGIN CERTIFICATE-----" not in roots:
        raise ValueError("--tls-ca %s holds no PEM certificate (-----BEGIN CERTIFICATE-----)" % tls_ca)
    # several nodes: their certificates are checked against the first one's host name
    first = server.split(",")[0].strip().rpartition(":")[0].strip("[]")
    options = CHANNEL_OPTIONS + ([("grpc.ssl_target_name_override", first)] if to.startswith("ipv") else [])
    return grpc.secure_channel(to, grpc.ssl_channel_credentials(root_certificates=roots), options=options)


class SamplingClient:
    def __init__(self, channel, job_pb2, service_pb2, records_pb2, token=None, client_id=None):
        self.job_pb2, self.service_pb2, self.records_pb2 = job_pb2, service_pb2, records_pb2
        self.metadata = ([("authorization", "Bearer " + token)] if token else []) + (
            [("x-svdd-client", client_id)] if client_id else [])
        unary = lambda name, req, resp: channel.unary_unary(
            SERVICE + name, request_serializer=req.SerializeToString, response_deserializer=resp.FromString)
        stream = lambda name, req, resp: channel.unary_stream(
            SERVICE + name, request_serializer=req.SerializeToString, response_deserializer=resp.FromString)
        self._submit = unary("SubmitJob", service_pb2.SubmitJobRequest, service_pb2.JobStatus)
        self._get = unary("GetJob", service_pb2.JobRef, service_pb2.JobStatus)
        self._watch = stream("WatchJob", service_pb2.JobRef, service_pb2.JobStatus)
        self._cancel = unary("CancelJob", service_pb2.JobRef, service_pb2.JobStatus)
        self._delete = unary("DeleteJob", service_pb2.JobRef, service_pb2.JobStatus)
        self._results = stream("GetResults", service_pb2.JobRef, records_pb2.SampleRecord)
        self._list = unary("ListJobs", service_pb2.ListJobsRequest, service_pb2.ListJobsResponse)
        self._nodes = unary("ListNodes", service_pb2.ListNodesRequest, service_pb2.ListNodesResponse)

    def _ref(self, job_id):
        return self.service_pb2.JobRef(job_id=job_id)

    def submit(self, **fields):
        return self.submit_spec(self.job_pb2.JobSpec(**fields))

    def submit_spec(self, spec):
        return self._submit(self.service_pb2.SubmitJobRequest(spec=spec), metadata=self.metadata, timeout=30)

    def get(self, job_id):
        return self._get(self._ref(job_id), metadata=self.metadata, timeout=30)

    def watch(self, job_id, reconnect_for=120, on_status=None):
        """Every status of the job until it ends, however long it runs, each also given to on_status as it comes. If
        the job API goes away meanwhile (its node restarting, or failing over to another api node behind the same
        address), the job runs on: the watch tries again each second and follows it on, giving up with the last error
        once reconnect_for seconds pass without an answer."""
        updates, lost_at = [], None
        while True:
            try:
                for status in self._watch(self._ref(job_id), metadata=self.metadata):
                    updates.append(status)
                    lost_at = None
                    if on_status:
                        on_status(status)
                return updates
            except grpc.RpcError as e:
                if updates and self.service_pb2.JobState.Name(updates[-1].state) in ENDED:
                    return updates  # the stream broke after the job's end: nothing more to hear
                if not updates or e.code() not in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED):
                    raise
                lost_at = lost_at or time.monotonic()
                if time.monotonic() - lost_at >= reconnect_for:
                    raise
                time.sleep(1)

    def cancel(self, job_id):
        """Stops a queued or running job; its status as the service answered (it ends CANCELLED shortly)."""
        return self._cancel(self._ref(job_id), metadata=self.metadata, timeout=30)

    def delete(self, job_id):
        """Removes an ended job and its samples; the job's last status."""
        return self._delete(self._ref(job_id), metadata=self.metadata, timeout=30)

    def results(self, job_id):
        return list(self._results(self._ref(job_id), metadata=self.metadata, timeout=60))

    def jobs(self, *states, name_contains=""):
        """Every job (those in the given JobState values only, if any, and whose name contains name_contains, in any
        case), newest first, page after page."""
        token, out = "", []
        while True:
            page = self._list(self.service_pb2.ListJobsRequest(page_token=token, states=states,
                                                               name_contains=name_contains),
                              metadata=self.metadata, timeout=30)
            out.extend(page.jobs)
            token = page.next_page_token
            if not token:
                return out

    def nodes(self):
        return list(self._nodes(self.service_pb2.ListNodesRequest(), metadata=self.metadata, timeout=30).nodes)


class Progress:
    """A job's progress on standard error while it is followed: one line rewritten in place on a terminal, else a line
    at each tenth of its steps and at its end (for a log)."""

    def __init__(self, service_pb2, stream=sys.stderr):
        self.service_pb2, self.stream, self.tty = service_pb2, stream, stream.isatty()
        self.said, self.width = None, 0

    def __call__(self, status):
        state = self.service_pb2.JobState.Name(status.state)
        total = max(1, status.steps_total)
        percent = 100 * status.steps_done // total
        text = "job %s %s" % (status.job_id[:8], state) + (
            " %d/%d steps (%d %%)" % (status.steps_done, status.steps_total, percent) if status.steps_total else "")
        if self.tty:
            self.stream.write("\r" + text.ljust(self.width))
            self.width = len(text)
        elif (state, percent // 10) != self.said:
            self.stream.write(text + "\n")
        self.said = (state, percent // 10)
        self.stream.flush()

    def close(self):
        if self.tty and self.width:
            self.stream.write("\n")


def follow(client, job_id, args, service_pb2):
    """The job's statuses to its end, with its progress on standard error unless --quiet."""
    progress = None if args.quiet else Progress(service_pb2)
    try:
        return client.watch(job_id, args.reconnect_for, progress)
    finally:
        if progress:
            progress.close()


def status_json(status, service_pb2):
    """A job's status as svdd status shows it: where it stands, then its values, its work, its times and its spec."""
    def number(x):
        return None if math.isnan(x) else x  # NaN (no value yet) is not JSON

    return {"job_id": status.job_id, "name": status.spec.name, "state": service_pb2.JobState.Name(status.state),
            "steps_done": status.steps_done, "steps_total": status.steps_total, "error": status.error,
            "note": status.note, "coordinator_node": status.coordinator_node, "model_digest": status.model_digest,
            "value": {"q10": number(status.value_q10), "median": number(status.value_median),
                      "q90": number(status.value_q90)},
            "work": {"denoised_rows": status.denoised_rows, "designs_scored": status.designs_scored,
                     "designs_failed": status.designs_failed, "last_failure": status.last_failure,
                     "oracle_calls": status.oracle_calls, "early_oracle_calls": status.early_oracle_calls,
                     "oracle_seconds": status.oracle_seconds, "archive_answers": status.archive_answers},
            "oracles": dict(sorted(status.oracles.items())),
            "submitted_at_ms": status.submitted_at_ms, "started_at_ms": status.started_at_ms,
            "ended_at_ms": status.ended_at_ms,
            "spec": json_format.MessageToDict(status.spec, preserving_proto_field_name=True)}


def spec_fields(args, job_pb2):
    """The job --spec names (JSON, as svdd status prints a job's spec), the options given over it; without --spec,
    this client's defaults for the options not given."""
    if args.spec:
        try:
            with open(args.spec, encoding="utf-8") as f:
                spec = json_format.Parse(f.read(), job_pb2.JobSpec())
        except OSError as e:
            raise ValueError("--spec %s cannot be read: %s" % (args.spec, e.strerror))
        except json_format.ParseError as e:
            raise ValueError("--spec %s is not a job spec: %s" % (args.spec, e))
    else:
        spec = job_pb2.JobSpec(**RUN_DEFAULTS)
    given = dict(task=args.task, method=args.method, reward=args.reward, particles=args.particles,
                 candidates=args.candidates, steps=args.steps, seed=args.seed, name=args.name)
    for field, value in given.items():
        if value is not None:
            setattr(spec, field, value)
    return spec


def run(client, spec, args, service_pb2):
    """Submits a job, follows it to its end, and prints its samples, the done jobs and the cluster's nodes."""
    status = client.submit_spec(spec)
    updates = follow(client, status.job_id, args, service_pb2)
    final = updates[-1]
    samples = client.results(status.job_id) if final.state == service_pb2.DONE else []
    return {
        "job_id": status.job_id,
        "name": final.spec.name,
        "state": service_pb2.JobState.Name(final.state),
        "updates": len(updates),
        "steps_done": final.steps_done,
        "error": final.error,
        "samples": [{"particle": s.particle, "sequence": s.sequence, "reward": s.reward} for s in samples],
        "done_jobs": [j.job_id for j in client.jobs(service_pb2.DONE)],
        "nodes": [{"address": n.address, "roles": list(n.roles), "status": n.status, "reachable": n.reachable,
                   "answering": n.answering, "jobs": n.load.jobs if n.HasField("load") else None,
                   "oracles": dict(sorted(n.load.oracles.items()))}
                  for n in client.nodes()],
    }


def main():
    parser = argparse.ArgumentParser(description="A client of the svdd job API.")
    parser.add_argument("--server", default=os.environ.get("SVDD_SERVER", "127.0.0.1:50051"),
                        help="host:port of an api node, or several comma-separated, tried in order (env SVDD_SERVER; "
                             "default: 127.0.0.1:50051)")
    parser.add_argument("--generated", required=True, help="folder holding protoc's svdd/v1/*_pb2.py")
    parser.add_argument("--token", default=os.environ.get("SVDD_API_TOKEN") or None,
                        help="bearer token, once the service sets tokens (env SVDD_API_TOKEN)")
    parser.add_argument("--tls-ca", metavar="PEM", help="certificate(s) to trust: talk TLS to the service")
    parser.add_argument("--client-id", default=os.environ.get("SVDD_CLIENT_ID") or None,
                        help="who you are, for per-client job limits (env SVDD_CLIENT_ID; default: your address)")
    commands = parser.add_subparsers(dest="command", required=True)
    submit = commands.add_parser("run", help="submit a job, follow it to its end, read its samples")
    submit.add_argument("--spec", metavar="JSON", help="a file holding the job's spec as JSON, e.g. the spec line of "
                        "svdd status JOB or a summary.json's spec; the options below go over it")
    submit.add_argument("--task", help="default: trna")
    submit.add_argument("--method", help="default: svdd")
    submit.add_argument("--reward", help="default: the task's first")
    submit.add_argument("--particles", type=int, help="default: 4")
    submit.add_argument("--candidates", type=int, help="M; default: the service's (4)")
    submit.add_argument("--steps", type=int, help="default: 8")
    submit.add_argument("--seed", type=int, help="default: 1")
    submit.add_argument("--name", help="a label shown beside the job's id in listings")
    watch = commands.add_parser("watch", help="follow a job to its end, however long; its last status")
    watch.add_argument("job_id")
    for follower in (submit, watch):
        follower.add_argument("--reconnect-for", type=float, default=120, metavar="SECONDS",
                              help="seconds to keep trying a lost job API before giving up (default: 120)")
        follower.add_argument("--quiet", action="store_true", help="no progress on standard error")
    for name, what in (("status", "a job's status"), ("cancel", "stop a queued or running job"),
                       ("delete", "remove an ended job and its samples")):
        commands.add_parser(name, help=what).add_argument("job_id")
    jobs = commands.add_parser("jobs", help="list the jobs, newest first")
    jobs.add_argument("--state", action="append", default=[], type=str.upper,
                      choices=["QUEUED", "RUNNING", "DONE", "FAILED", "CANCELLED"],
                      help="only the jobs in this state; repeat it for several")
    jobs.add_argument("--name", default="", help="only the jobs whose name contains this text, in any case")
    args = parser.parse_args()
    sys.path.insert(0, args.generated)
    from svdd.v1 import job_pb2, records_pb2, service_pb2  # noqa: E402  (generated at run time)

    try:
        spec = spec_fields(args, job_pb2) if args.command == "run" else None
        channel = open_channel(args.server, args.tls_ca)
    except ValueError as e:
        print(json.dumps({"error": "BAD_OPTION", "message": str(e)}))
        return 2
    with channel:
        client = SamplingClient(channel, job_pb2, service_pb2, records_pb2, args.token, args.client_id)
        try:
            if args.command == "run":
                out = run(client, spec, args, service_pb2)
            elif args.command == "watch":
                updates = follow(client, args.job_id, args, service_pb2)
                out = dict(status_json(updates[-1], service_pb2), updates=len(updates))
            elif args.command == "jobs":
                states = [service_pb2.JobState.Value(state) for state in args.state]
                out = [status_json(j, service_pb2) for j in client.jobs(*states, name_contains=args.name)]
            else:
                call = {"status": client.get, "cancel": client.cancel, "delete": client.delete}[args.command]
                out = status_json(call(args.job_id), service_pb2)
        except grpc.RpcError as e:
            print(json.dumps({"error": e.code().name, "message": e.details()}))
            return 3
        print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
