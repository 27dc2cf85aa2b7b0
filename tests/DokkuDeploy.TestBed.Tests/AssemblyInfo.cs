using NUnit.Framework;

// Fixtures use their own apps (t-<guid8>), so they can run side by side; most of a deploy test's
// time is the stand-in's 2-second uptime check, not CPU.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]
