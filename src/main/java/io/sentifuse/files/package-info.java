/**
 * Files the way completed work needs them: atomic writes ({@link io.sentifuse.files.AtomicFiles}: a file is the old
 * version or the new one, never torn by a kill), SHA-256 of files and trees ({@link io.sentifuse.files.Checksums}),
 * exclusive use of a cache entry across threads and processes ({@link io.sentifuse.files.FolderLock}) and the
 * project's one JSON mapper ({@link io.sentifuse.files.Json}). Depends on nothing else of the project.
 */
package io.sentifuse.files;
