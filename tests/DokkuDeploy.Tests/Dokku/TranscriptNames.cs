namespace DokkuDeploy.Tests.Dokku;

public static class TranscriptNames
{
    public static readonly string[] All =
    {
        "apps-create-badname.txt", "apps-create-duplicate.txt", "apps-create-new.txt", "apps-destroy-force.txt",
        "apps-destroy-noforce.txt", "apps-exists-missing.txt", "apps-exists-present.txt", "apps-list-json.txt",
        "apps-list.txt", "apps-lock.txt", "apps-locked-loadimage.txt", "apps-unlock.txt", "config-export.txt",
        "config-get-missing.txt", "config-get.txt", "config-set-encoded.txt", "config-set-missing-app.txt",
        "config-set-norestart.txt", "config-set-quiet.txt", "git-push-deploy.stderr.txt", "git-report.txt",
        "loadimage-aspnet-app.stdout.txt", "loadimage-first-deploy.stdout.txt", "loadimage-garbage.txt",
        "loadimage-missing-app.txt", "loadimage-same-image.txt", "ps-report.txt", "unknown-command.txt", "version.txt",
        "loadimage-failed-checks.synthesized.txt", "ssh-failure.synthesized.txt",
        "loadimage-failed-after-warnings.synthesized.txt", "ports-report-first-deploy.synthesized.txt",
        "ports-report-map-empty.synthesized.txt", "ports-report-map-set.synthesized.txt", "ports-set.synthesized.txt",
        "config-import-quiet.synthesized.txt", "config-import.synthesized.txt", "config-import-unknown.synthesized.txt",
        "config-import-badjson.synthesized.txt",
    };
}
