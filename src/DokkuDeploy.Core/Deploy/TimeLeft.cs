namespace DokkuDeploy.Core.Deploy;

/// <summary>A time left as a person reads it: "40 s", "3 min 20 s", "2 h 5 min", "more than a day".</summary>
static class TimeLeft
{
    public static string Format(TimeSpan left)
    {
        if (left >= TimeSpan.FromDays(1))
        {
            return "more than a day";
        }

        var seconds = (long)Math.Ceiling(Math.Max(left.TotalSeconds, 0));
        return seconds switch
        {
            < 90 => $"{seconds} s",
            < 3600 => seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds / 60} min {seconds % 60} s",
            _ => $"{seconds / 3600} h {seconds % 3600 / 60} min",
        };
    }
}
