"""Customers' photos and files: fetched from the provider after the message is stored.

The webhook is answered first (providers re-send slow deliveries), so an attachment
is stored as a reference (`pending`) with its message and fetched here afterwards,
with retries, into a folder on disk (SUPPORTBOT_MEDIA_DIR; mount a volume or sync it
to object storage in production). Files are named by a random id, never by what the
customer called them, so a file name cannot escape the folder or collide.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import mimetypes
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from channels.base import ChannelAdapter, DeliveryError, FetchedMedia, MediaRef
from storage.engine import run_in_thread
from storage.models import Attachment, AttachmentStatus, utcnow
from storage.repositories import attachments

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


@dataclass(frozen=True, slots=True)
class StoredFile:
    path: Path
    mime_type: str
    filename: str | None
    size: int


class MediaStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, media: FetchedMedia) -> tuple[str, str]:
        """Write the file; returns (path relative to the root, sha256)."""
        now = utcnow()
        extension = mimetypes.guess_extension(media.mime_type or "") or ""
        relative = Path(f"{now:%Y}") / f"{now:%m}" / f"{uuid.uuid4().hex}{extension}"
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".part")
        partial.write_bytes(media.content)
        partial.replace(target)  # never a half-written file under the final name
        return relative.as_posix(), hashlib.sha256(media.content).hexdigest()

    def open(self, relative: str) -> Path:
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError("path outside the media folder")
        return path


class MediaFetcher:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        store: MediaStore,
        adapters: dict[str, ChannelAdapter],
        *,
        sweep_interval: float,
    ) -> None:
        self._sessions = sessions
        self._store = store
        self._adapters = adapters
        self._sweep_interval = sweep_interval
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def kick(self) -> None:
        self._wake.set()

    async def start(self) -> None:
        if self._adapters:
            self._task = asyncio.create_task(self._run(), name="media-fetcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def stored_file(self, attachment_id: int) -> StoredFile | None:
        return await run_in_thread(self._stored_file, attachment_id)

    def _stored_file(self, attachment_id: int) -> StoredFile | None:
        with self._sessions() as session:
            attachment = session.get(Attachment, attachment_id)
            if attachment is None or attachment.status != AttachmentStatus.STORED or attachment.path is None:
                return None
            return StoredFile(
                path=self._store.open(attachment.path),
                mime_type=attachment.mime_type or "application/octet-stream",
                filename=attachment.filename,
                size=attachment.size or 0,
            )

    async def fetch_due(self) -> int:
        """Fetch every attachment that is due now; returns how many were stored."""
        stored = 0
        for attachment_id, channel, ref, attempts in await run_in_thread(self._due):
            adapter = self._adapters.get(channel)
            if adapter is None:
                continue
            try:
                media = await adapter.fetch_media(ref)
                relative, digest = await run_in_thread(self._store.save, media)
            except DeliveryError as error:
                await run_in_thread(self._failed, attachment_id, attempts + 1, error.reason, error.retryable)
                continue
            except Exception as error:
                logger.exception("fetching attachment %s failed", attachment_id)
                await run_in_thread(self._failed, attachment_id, attempts + 1, f"{type(error).__name__}", True)
                continue
            await run_in_thread(self._stored, attachment_id, relative, digest, media)
            stored += 1
        return stored

    async def _run(self) -> None:
        while True:
            try:
                await self.fetch_due()
            except Exception:
                logger.exception("media fetch round failed")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._sweep_interval)

    def _due(self) -> list[tuple[int, str, MediaRef, int]]:
        now = utcnow()
        with self._sessions() as session:
            rows = attachments.due_downloads(session, list(self._adapters), now)
            return [
                (a.id, a.channel, MediaRef(a.kind, a.provider_id, a.mime_type, a.filename, a.size), a.attempts)
                for a in rows
            ]

    def _stored(self, attachment_id: int, relative: str, digest: str, media: FetchedMedia) -> None:
        with self._sessions.begin() as session:
            attachments.record_download(
                session,
                attachment_id,
                status=AttachmentStatus.STORED,
                path=relative,
                sha256=digest,
                size=len(media.content),
                mime_type=media.mime_type,
                filename=media.filename,
                error=None,
                next_attempt_at=None,
            )

    def _failed(self, attachment_id: int, attempts: int, reason: str, retryable: bool) -> None:
        final = not retryable or attempts >= MAX_ATTEMPTS
        with self._sessions.begin() as session:
            attachments.record_download(
                session,
                attachment_id,
                status=AttachmentStatus.FAILED if final else AttachmentStatus.PENDING,
                attempts=attempts,
                error=reason[:2000],
                next_attempt_at=None if final else utcnow() + timedelta(seconds=min(2.0**attempts, 300.0)),
            )
