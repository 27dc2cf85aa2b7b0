/* The `dotnet` of the test bed's arm64 ASP.NET image. NuGet serves the linux-arm64 runtime packs (hostfxr,
 * hostpolicy, the frameworks) but no arm64 muxer, so this does what the muxer does for `dotnet App.dll`:
 * it hands the whole command line to hostfxr, naming itself as the host in DOTNET_ROOT.
 * Built by shape-images.sh with aarch64-linux-gnu-gcc; FXR_VERSION and DOTNET_ROOT come from -D. */
#include <dlfcn.h>
#include <stdio.h>

typedef int (*hostfxr_main_startupinfo_fn)(int argc, const char **argv, const char *host_path,
                                           const char *dotnet_root, const char *app_path);

int main(int argc, const char **argv)
{
    const char *fxr_path = DOTNET_ROOT "/host/fxr/" FXR_VERSION "/libhostfxr.so";
    void *fxr = dlopen(fxr_path, RTLD_NOW | RTLD_GLOBAL);
    if (fxr == NULL) {
        fprintf(stderr, "dotnet: cannot load %s: %s\n", fxr_path, dlerror());
        return 131;
    }
    hostfxr_main_startupinfo_fn run = (hostfxr_main_startupinfo_fn)dlsym(fxr, "hostfxr_main_startupinfo");
    if (run == NULL) {
        fprintf(stderr, "dotnet: %s has no hostfxr_main_startupinfo\n", fxr_path);
        return 131;
    }
    /* As the muxer does: its "app" is dotnet.dll beside it, which does not exist, so hostfxr takes the app from argv. */
    return run(argc, argv, DOTNET_ROOT "/dotnet", DOTNET_ROOT, DOTNET_ROOT "/dotnet.dll");
}
