#!/usr/bin/python3
"""A Python client of the svdd job API, built only from the project's .proto files.

Messages come from Debian's protoc (protoc -I proto --python_out=OUT proto/svdd/v1/*.proto); the calls
are made with python3-grpcio directly, so no gRPC code generator is needed.

    /usr/bin/python3 clients/python/svdd_client.py --server 127.0.0.1:50051 --generated OUT submit --particles 8
"""
import argparse
import json
import sys

import grpc

SERVICE = "/svdd.v1.SamplingService/"


class SamplingClient:
    def __init__(self, channel, job_pb2, service_pb2, records_pb2, token=None):
        self.job_pb2, self.service_pb2, self.records_pb2 = job_pb2, service_pb2, records_pb2
        self.metadata = [("authorization", "Bearer " + token)] if token else []
        unary = lambda name, req, resp: channel.unary_unary(
            SERVICE + name, request_serializer=req.SerializeToString, response_deserializer=resp.FromString)
        stream = lambda name, req, resp: channel.unary_stream(
            SERVICE + name, request_serializer=req.SerializeToString, response_deserializer=resp.FromString)
        self._submit = unary("SubmitJob", service_pb2.SubmitJobRequest, service_pb2.JobStatus)
        self._get = unary("GetJob", service_pb2.JobRef, service_pb2.JobStatus)
        self._watch = stream("WatchJob", service_pb2.JobRef, service_pb2.JobStatus)
        self._results = stream("GetResults", service_pb2.JobRef, records_pb2.SampleRecord)
        self._list = unary("ListJobs", service_pb2.ListJobsRequest, service_pb2.ListJobsResponse)
        self._nodes = unary("ListNodes", service_pb2.ListNodesRequest, service_pb2.ListNodesResponse)

    def submit(self, **fields):
        spec = self.job_pb2.JobSpec(**fields)
        return self._submit(self.service_pb2.SubmitJobRequest(spec=spec), metadata=self.metadata, timeout=30)

    def watch(self, job_id):
        return list(self._watch(self.service_pb2.JobRef(job_id=job_id), metadata=self.metadata, timeout=300))

    def results(self, job_id):
        return list(self._results(self.service_pb2.JobRef(job_id=job_id), metadata=self.metadata, timeout=60))

    def jobs(self, *states):
        """Every job (those in the given JobState values only, if any), newest first, page after page."""
        token, out = "", []
        while True:
            page = self._list(self.service_pb2.ListJobsRequest(page_token=token, states=states),
                              metadata=self.metadata, timeout=30)
            out.extend(page.jobs)
            token = page.next_page_token
            if not token:
                return out

    def nodes(self):
        return list(self._nodes(self.service_pb2.ListNodesRequest(), metadata=self.metadata, timeout=30).nodes)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default="127.0.0.1:50051")
    parser.add_argument("--generated", required=True, help="folder holding protoc's svdd/v1/*_pb2.py")
    parser.add_argument("--token")
    parser.add_argument("--task", default="trna")
    parser.add_argument("--particles", type=int, default=4)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, args.generated)
    from svdd.v1 import job_pb2, records_pb2, service_pb2  # noqa: E402  (generated at run time)

    with grpc.insecure_channel(args.server) as channel:
        client = SamplingClient(channel, job_pb2, service_pb2, records_pb2, args.token)
        try:
            status = client.submit(task=args.task, method="svdd", particles=args.particles, candidates=2,
                                   steps=args.steps, seed=args.seed)
        except grpc.RpcError as e:
            print(json.dumps({"error": e.code().name, "message": e.details()}))
            return 3
        updates = client.watch(status.job_id)
        final = updates[-1]
        samples = client.results(status.job_id) if final.state == service_pb2.DONE else []
        print(json.dumps({
            "job_id": status.job_id,
            "state": service_pb2.JobState.Name(final.state),
            "updates": len(updates),
            "steps_done": final.steps_done,
            "samples": [{"particle": s.particle, "sequence": s.sequence, "reward": s.reward} for s in samples],
            "done_jobs": [j.job_id for j in client.jobs(service_pb2.DONE)],
            "nodes": [{"address": n.address, "roles": list(n.roles), "status": n.status, "reachable": n.reachable,
                       "answering": n.answering, "jobs": n.load.jobs if n.HasField("load") else None}
                      for n in client.nodes()],
        }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
