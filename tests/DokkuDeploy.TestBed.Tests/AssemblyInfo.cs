using NUnit.Framework;

// Every test uses its own apps (t-<guid8>) and its own fixture instance, so tests run side by side;
// most of a deploy test's time is the stand-in's 2-second uptime check and docker, not CPU.
[assembly: Parallelizable(ParallelScope.All)]
[assembly: FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[assembly: LevelOfParallelism(6)]
