namespace DokkuDeploy.Core.Deploy;

/// <summary>Where a transfer writes the image: the progress-counting SSH stream itself, or a <see cref="GzipPipe"/> in front of it.</summary>
sealed class TransferStream(TransferProgress progress, GzipPipe? gzip) : IAsyncDisposable
{
    public Stream Stream => (Stream?)gzip ?? progress;

    public bool Gzipped => gzip is not null;

    public long ImageBytes => gzip?.ImageBytes ?? progress.Total;

    /// <summary>A plain transfer goes at the link's pace.</summary>
    public bool LinkBound => gzip?.LinkBound ?? true;

    /// <summary>Every byte went to the SSH stream (the gzip stream ended and was sent).</summary>
    public Task CompleteAsync(CancellationToken cancellationToken) => gzip?.CompleteAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        gzip?.Dispose();
        return ValueTask.CompletedTask;
    }
}
