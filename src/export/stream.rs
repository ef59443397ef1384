//! Streaming objects out a page at a time, in id order, in some format, to a sink that may stop reading.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, QueryFilter, QueryOrder, QuerySelect, Select};

use crate::db::keyed::Keyed;

/// How many objects are read and written at a time.
const PAGE: u64 = 1_000;

/// A format objects of type `M` are written in: what comes first, each page, what comes last.
pub trait Format<M> {
    /// The bytes before the first object (a header row, an XML declaration).
    fn head(&self) -> Result<Vec<u8>, DbErr>;
    /// The bytes of a page of objects, with what they link to (read for the whole page at once).
    fn page(&mut self, db: &impl ConnectionTrait, page: Vec<M>) -> impl Future<Output = Result<Vec<u8>, DbErr>>;
    /// The bytes after the last object.
    fn tail(&self) -> Vec<u8> {
        Vec::new()
    }
}

/// Where the export's bytes go, a chunk at a time; `false` when nobody reads any more (a client that left).
pub trait ChunkSink {
    /// Takes the next chunk.
    fn send(&mut self, chunk: Vec<u8>) -> impl Future<Output = bool> + Send;
}

impl ChunkSink for tokio::sync::mpsc::Sender<Vec<u8>> {
    async fn send(&mut self, chunk: Vec<u8>) -> bool {
        tokio::sync::mpsc::Sender::send(self, chunk).await.is_ok()
    }
}

impl ChunkSink for Vec<u8> {
    async fn send(&mut self, chunk: Vec<u8>) -> bool {
        self.extend_from_slice(&chunk);
        true
    }
}

/// A file or standard output as a [`ChunkSink`]; the first write error stops the export and is kept.
pub struct WriterSink<W> {
    writer: W,
    /// The error that stopped the writing, if any.
    pub error: Option<std::io::Error>,
}

impl<W> WriterSink<W> {
    /// Writes to `writer`.
    pub fn new(writer: W) -> Self {
        Self { writer, error: None }
    }
}

impl<W: std::io::Write + Send> ChunkSink for WriterSink<W> {
    async fn send(&mut self, chunk: Vec<u8>) -> bool {
        if let Err(error) = self.writer.write_all(&chunk).and_then(|()| self.writer.flush()) {
            self.error = Some(error);
        }
        self.error.is_none()
    }
}

/// Writes the head, then each page of `select`'s objects in id order, then the tail, to `sink`; returns how many
/// objects it wrote. It stops when the sink stops reading.
pub async fn stream<E: Keyed>(
    db: &impl ConnectionTrait,
    select: Select<E>,
    format: &mut impl Format<E::Model>,
    sink: &mut impl ChunkSink,
) -> Result<u64, DbErr> {
    if !sink.send(format.head()?).await {
        return Ok(0);
    }
    let mut after = 0;
    let mut written = 0;
    loop {
        let page: Vec<E::Model> =
            select.clone().filter(E::ID.gt(after)).order_by_asc(E::ID).limit(PAGE).all(db).await?;
        let Some(last) = page.last() else { break };
        after = E::id_of(last);
        written += page.len() as u64;
        let bytes = format.page(db, page).await?;
        if !sink.send(bytes).await {
            return Ok(written);
        }
    }
    let tail = format.tail();
    if !tail.is_empty() {
        sink.send(tail).await;
    }
    Ok(written)
}
