//! Files read at given offsets, shared by the threads that read the
//! members of one archive side by side; and the archives inside an archive
//! read as files of their own.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

use super::{Archive, DecodeError, Member};

/// Why a file stopped being readable while it was read, once it did.
pub type Trouble = Arc<std::sync::OnceLock<String>>;

/// A file read at given offsets: clones read it side by side, each at its
/// own place (the members of one archive, on all cores). A read that fails,
/// or that finds the file shorter than when it was opened, is remembered
/// in `trouble`, shared by the clones: what is read of the file is then
/// not to be trusted (a member read as damaged may be whole on disk).
#[derive(Clone)]
pub struct FileAt {
    file: Arc<std::fs::File>,
    /// Where the part of the file read starts, and its length.
    start: u64,
    len: u64,
    /// The place read next, from `start`.
    at: u64,
    /// Why the file stopped being readable, once it did.
    pub trouble: Trouble,
}

impl FileAt {
    /// Opens the file at `path`, read from its start.
    pub fn open(path: &Path) -> std::io::Result<FileAt> {
        FileAt::of(std::fs::File::open(path)?)
    }

    /// A file already open, read from its start.
    pub fn of(file: std::fs::File) -> std::io::Result<FileAt> {
        let len = file.metadata()?.len();
        Ok(FileAt {
            file: Arc::new(file),
            start: 0,
            len,
            at: 0,
            trouble: Trouble::default(),
        })
    }

    /// The `len` bytes at `offset` of this part of the file, read as a
    /// file of their own (sharing `trouble`).
    pub fn window(&self, offset: u64, len: u64) -> FileAt {
        let start = self.start.saturating_add(offset);
        FileAt {
            file: Arc::clone(&self.file),
            start,
            len: len.min((self.start + self.len).saturating_sub(start)),
            at: 0,
            trouble: Arc::clone(&self.trouble),
        }
    }

    fn read_at(&self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = usize::try_from(self.len.saturating_sub(self.at)).unwrap_or(usize::MAX);
        let end = buf.len().min(left);
        let buf = &mut buf[..end];
        let at = self.start + self.at;
        #[cfg(unix)]
        return std::os::unix::fs::FileExt::read_at(&*self.file, buf, at);
        #[cfg(windows)]
        return std::os::windows::fs::FileExt::seek_read(&*self.file, buf, at);
    }
}

impl std::io::Read for FileAt {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.read_at(buf).inspect_err(|e| {
            let _ = self.trouble.set(e.to_string());
        })?;
        if n == 0 && !buf.is_empty() && self.at < self.len {
            let now = self.file.metadata().map_or(0, |m| m.len());
            if now < self.start + self.len {
                let _ = self.trouble.set(format!(
                    "the file shrank from {} to {now} bytes while it was read",
                    self.start + self.len
                ));
            }
        }
        self.at += n as u64;
        Ok(n)
    }
}

impl std::io::Seek for FileAt {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let at = match to {
            std::io::SeekFrom::Start(at) => Some(at),
            std::io::SeekFrom::End(by) => self.len.checked_add_signed(by),
            std::io::SeekFrom::Current(by) => self.at.checked_add_signed(by),
        };
        self.at = at.ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )
        })?;
        Ok(self.at)
    }
}

/// The bytes of a member of `archive` that is an archive itself, as a
/// file to read it from: where they lie in the archive's file when they
/// are stored as they are, else unpacked to a temporary file in `dir`
/// (removed when closed; at once, even after a crash, where the system
/// allows), at most `limit` bytes. `Err` says why it cannot be.
pub fn nested_file(
    archive: &Archive<FileAt>,
    member: &Member,
    limit: u64,
    dir: &Path,
) -> Result<FileAt, DecodeError> {
    let mut archive = archive.clone();
    if let Some((offset, len)) = archive.stored_at(member) {
        return Ok(archive.into_reader().window(offset, len));
    }
    let (mut bytes, declared) = archive.member_reader(member)?;
    if declared > limit {
        return Err(DecodeError::NestedTooLarge { limit });
    }
    let cannot_unpack = |e: std::io::Error| DecodeError::Unpack(format!("{}: {e}", dir.display()));
    let mut spill = std::io::BufWriter::new(tempfile::tempfile_in(dir).map_err(cannot_unpack)?);
    let mut buf = vec![0; 1 << 16];
    let mut len = 0u64;
    loop {
        let n = match bytes.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(DecodeError::Container(format!(
                    "cannot decompress member: {e}"
                )))
            }
        };
        len += n as u64;
        if len > limit {
            return Err(DecodeError::NestedTooLarge { limit });
        }
        spill.write_all(&buf[..n]).map_err(cannot_unpack)?;
    }
    let spill = spill
        .into_inner()
        .map_err(|e| cannot_unpack(e.into_error()))?;
    FileAt::of(spill).map_err(cannot_unpack)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_of_a_file_read_at_offsets_keep_their_own_place() {
        use std::io::{Read as _, Seek as _, SeekFrom};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.bin");
        std::fs::write(&path, b"0123456789").unwrap();
        let mut a = FileAt::open(&path).unwrap();
        let mut buf = [0; 4];
        a.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"0123");
        let mut b = a.clone();
        assert_eq!(b.seek(SeekFrom::End(-3)).unwrap(), 7);
        let mut rest = Vec::new();
        b.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b"789");
        a.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"4567", "a clone's reads moved the original");
        assert_eq!(a.seek(SeekFrom::Current(-8)).unwrap(), 0);
        assert!(a.seek(SeekFrom::Current(-1)).is_err());
        assert_eq!(a.seek(SeekFrom::Start(20)).unwrap(), 20);
        assert_eq!(a.read(&mut buf).unwrap(), 0, "past the end reads nothing");
        assert_eq!(a.trouble.get(), None, "reading past the end is no trouble");

        // The file shrinks while it is read: every clone knows.
        std::fs::write(&path, b"01").unwrap();
        b.seek(SeekFrom::Start(5)).unwrap();
        assert_eq!(b.read(&mut buf).unwrap(), 0);
        assert_eq!(
            a.trouble.get().map(String::as_str),
            Some("the file shrank from 10 to 2 bytes while it was read")
        );
    }

    #[test]
    fn a_window_reads_its_part_of_the_file_only() {
        use std::io::{Read as _, Seek as _, SeekFrom};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.bin");
        std::fs::write(&path, b"0123456789").unwrap();
        let file = FileAt::open(&path).unwrap();
        let mut part = file.window(2, 5);
        let mut all = Vec::new();
        part.read_to_end(&mut all).unwrap();
        assert_eq!(all, b"23456");
        assert_eq!(part.seek(SeekFrom::End(-2)).unwrap(), 3);
        let mut buf = [0; 4];
        assert_eq!(part.read(&mut buf).unwrap(), 2);
        assert_eq!(&buf[..2], b"56");
        // A window of a window; one past the end is cut to it.
        let mut inner = part.window(1, 100);
        all.clear();
        inner.read_to_end(&mut all).unwrap();
        assert_eq!(all, b"3456");
        assert_eq!(file.trouble.get(), None);
    }
}
