namespace DokkuDeploy.Cli;

static class HelpText
{
    public const string Usage = """
        DokkuDeploy: build a published .NET app into a Docker image and deploy it to a Dokku app over SSH.

        Usage:
          dotnet DokkuDeploy.Cli.dll deploy --publish-dir DIR [options]
          dotnet DokkuDeploy.Cli.dll run-task TASK < parameters.json
          dotnet DokkuDeploy.Cli.dll --help | --version

        deploy options (the MSBuild property each stands for is in the package's build/DokkuDeploy.targets):
          --publish-dir DIR             the folder `dotnet publish` wrote the app to (required)
          --entry-assembly APP.dll      default: the one *.runtimeconfig.json in DIR names it
          --project-dir DIR             the app's source folder (its git repository, its .dockerignore). Default: .
          --remote dokku@host:app       or ssh://dokku@host:port/app (DokkuRemote). Default: git remote 'dokku',
                                        DOKKU_REMOTE, DOKKU_HOST + DOKKU_APP
          --app NAME                    the Dokku app (DokkuApp)
          --ssh-key FILE                private key file (DokkuSshKey). Default: DOKKU_SSH_KEY (key content),
                                        ~/.ssh/id_ed25519, id_ecdsa, id_rsa. Passphrase: DOKKU_SSH_KEY_PASSPHRASE
          --known-hosts FILE[;FILE]     (DokkuKnownHosts). Default: ~/.ssh/known_hosts
          --host-key-fingerprint SHA256:…   pin the server's host key (DokkuHostKeyFingerprint)
          --accept-new-host-key         trust a host with no recorded key once (DokkuAcceptNewHostKey)
          --no-create-app               fail when the app does not exist (DokkuCreateApp=false)
          --config-from-env KEY[=VAR]   set config KEY on the app from environment variable VAR (default: KEY);
                                        repeatable. Values are never taken from the command line.
          --verify-url true|/path|URL   check the app answers after the deploy (DokkuVerifyUrl)
          --health-check-path PATH      (DokkuHealthCheckPath)
          --lock-timeout SECONDS        wait this long while another deploy or an apps:lock holds the app (DokkuLockTimeout).
                                        Default: 300
          --compress auto|gzip|none     gzip the image on the way (DokkuCompress). Default: auto, from this
                                        server's last measured link speed
          --dockerfile FILE             build with this Dockerfile (DokkuDockerfile). Default: PROJECT/Dockerfile when it
                                        exists, else a generated one; --docker-context DIR
          --base-image IMAGE            FROM of the generated Dockerfile. Default: from the app's runtimeconfig.json,
                                        mcr.microsoft.com/dotnet/aspnet:X.Y or …/runtime:X.Y
          --platform OS/ARCH            build for this platform (DokkuPlatform), e.g. linux/arm64. Default: what the
                                        server runs, read once from `dokku report`
          --image-name NAME, --image-tag TAG, --port PORT, --user USER
          --deploy-method image|registry|git, --registry HOST[/NAMESPACE], --registry-login-server,
          --allow-dirty (git: push HEAD with uncommitted changes), --dry-run,
          --timings                     end with a timeline of every Dokku command, SSH login and engine call
          --generated-dockerfile FILE   where the generated Dockerfile is written. Default: PROJECT/obj/dokku/Dockerfile
          -v, --verbose                 show detail (Docker's and Dokku's own lines)

        run-task TASK: runs a DokkuDeploy MSBuild task (DeployToDokku, …) outside MSBuild. Its parameters come as one
        JSON line on stdin ({"Name": value, …}); it answers with one record per stdout line. This is how Visual Studio's
        .NET Framework MSBuild runs DokkuDeploy; a later stdin line `cancel` stops the task.

        Exit code: 0 when the task succeeded, 1 otherwise. Errors carry their DOKKUnnnn code (see docs/errors/).
        """;
}
