namespace DokkuDeploy.Core.Docker.BuildKit;

/// <summary>One step of a BuildKit build as the engine last described it ("[build 2/5] RUN dotnet restore").</summary>
sealed record Vertex(string Digest, string Name, bool Cached, DateTimeOffset? Started, DateTimeOffset? Completed, string? Error);

/// <summary>Output of a step's process: <paramref name="Stream"/> 1 is stdout, 2 stderr.</summary>
sealed record VertexLog(string Vertex, int Stream, byte[] Message);

/// <summary>
/// A <c>moby.buildkit.trace</c> message: the engine sends BuildKit's StatusResponse (moby/buildkit
/// api/services/control/control.proto) as base64 protobuf in the JSON stream's <c>aux</c> field.
/// Field numbers: StatusResponse {1 vertexes, 2 statuses, 3 logs, 4 warnings}; Vertex {1 digest,
/// 2 inputs, 3 name, 4 cached, 5 started, 6 completed, 7 error}; VertexLog {1 vertex, 2 timestamp,
/// 3 stream, 4 msg}; Timestamp {1 seconds, 2 nanos}. Statuses (pull and export progress) are not read.
/// </summary>
sealed record SolveStatus(IReadOnlyList<Vertex> Vertexes, IReadOnlyList<VertexLog> Logs)
{
    public static SolveStatus Parse(ReadOnlySpan<byte> data)
    {
        var vertexes = new List<Vertex>();
        var logs = new List<VertexLog>();
        var wire = new ProtoWire(data);
        while (wire.Next(out var field, out var type))
        {
            switch (field, type)
            {
                case (1, 2): vertexes.Add(ParseVertex(wire.ReadBytes())); break;
                case (3, 2): logs.Add(ParseLog(wire.ReadBytes())); break;
                default: wire.Skip(type); break;
            }
        }

        return new SolveStatus(vertexes, logs);
    }

    static Vertex ParseVertex(ReadOnlySpan<byte> data)
    {
        string digest = "", name = "";
        string? error = null;
        var cached = false;
        DateTimeOffset? started = null, completed = null;
        var wire = new ProtoWire(data);
        while (wire.Next(out var field, out var type))
        {
            switch (field, type)
            {
                case (1, 2): digest = wire.ReadString(); break;
                case (3, 2): name = wire.ReadString(); break;
                case (4, 0): cached = wire.ReadVarint() != 0; break;
                case (5, 2): started = ParseTimestamp(wire.ReadBytes()); break;
                case (6, 2): completed = ParseTimestamp(wire.ReadBytes()); break;
                case (7, 2): error = wire.ReadString(); break;
                default: wire.Skip(type); break;
            }
        }

        return new Vertex(digest, name, cached, started, completed, string.IsNullOrEmpty(error) ? null : error);
    }

    static VertexLog ParseLog(ReadOnlySpan<byte> data)
    {
        var vertex = "";
        var stream = 1;
        var message = Array.Empty<byte>();
        var wire = new ProtoWire(data);
        while (wire.Next(out var field, out var type))
        {
            switch (field, type)
            {
                case (1, 2): vertex = wire.ReadString(); break;
                case (3, 0): stream = (int)wire.ReadVarint(); break;
                case (4, 2): message = wire.ReadBytes().ToArray(); break;
                default: wire.Skip(type); break;
            }
        }

        return new VertexLog(vertex, stream, message);
    }

    static DateTimeOffset ParseTimestamp(ReadOnlySpan<byte> data)
    {
        long seconds = 0, nanos = 0;
        var wire = new ProtoWire(data);
        while (wire.Next(out var field, out var type))
        {
            switch (field, type)
            {
                case (1, 0): seconds = (long)wire.ReadVarint(); break;
                case (2, 0): nanos = (long)wire.ReadVarint(); break;
                default: wire.Skip(type); break;
            }
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
    }
}
