// Preloaded (`node --import`) into every process the benchmark starts: when the benchmark goes away — even
// killed with SIGKILL — the IPC channel closes and this process shuts itself down (SIGTERM first, so the
// gateway closes its database cleanly; a hard exit if that takes too long).
if (process.channel) {
  process.channel.unref(); // the channel alone must not keep the process alive
  process.on('disconnect', () => {
    setTimeout(() => process.exit(1), 5000).unref();
    process.kill(process.pid, 'SIGTERM');
  });
}
