"""Cassandra's CAS_WRITE_UNKNOWN error (protocol v5, code 0x1700) read as the driver reads a
conditional write's timeout on older protocols.

Cassandra 4+ answers a conditional write whose proposal reached some replicas but not a quorum
with this error on protocol v5 (on v4 and older it sends a WriteTimeout of type CAS). The driver
knows no class for the code, so it raised a bare `ErrorMessage` that no timeout handler of the
store caught: the outcome is open, exactly as for a CAS timeout, and a serial read settles it.
The class is the driver's write timeout's, so the reply reaches the retry policy as that
timeout does (retries.py: a serial read that met another round in flight is sent again).
Importing this module registers the class with the driver's decoder (its metaclass does, by
`error_code`); the store's connection module imports it."""

from __future__ import annotations

from typing import Any

from cassandra import WriteType
from cassandra.protocol import WriteTimeoutErrorMessage, read_consistency_level, read_int


class CasWriteUnknownMessage(WriteTimeoutErrorMessage):
    """<consistency><received><blockfor>, raised as a WriteTimeout of type CAS (the parent's
    `to_exception`)."""

    summary = "CAS operation result is unknown"
    error_code = 0x1700

    @staticmethod
    def recv_error_info(f: Any, protocol_version: int) -> dict[str, Any]:
        return {
            "consistency": read_consistency_level(f),
            "received_responses": read_int(f),
            "required_responses": read_int(f),
            "write_type": WriteType.CAS,
        }
