# Build microoffice for Windows: the PyInstaller bundle, then the Inno Setup installer.
# Run in PowerShell from the repository folder on a Windows PC with Python 3.11+ and
# Inno Setup 6 (https://jrsoftware.org/isinfo.php) installed:
#   powershell -ExecutionPolicy Bypass -File installers\windows\build_windows.ps1
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
if (-not (Test-Path .venv)) { py -3.11 -m venv .venv }
.\.venv\Scripts\python -m pip install -q --upgrade pip
.\.venv\Scripts\python -m pip install -q -e ".[bundle]"
.\.venv\Scripts\python -m PyInstaller --noconfirm --clean `
  --distpath build\bundle\dist --workpath build\bundle\work installers\microoffice.spec
# Smoke test: the bundled program writes the demo, then opens its window and quits.
$check = Join-Path $env:TEMP "microoffice-smoke"
Remove-Item -Recurse -Force $check -ErrorAction SilentlyContinue
$env:MICROOFFICE_HOME = Join-Path $check "home"
& build\bundle\dist\microoffice\microoffice-cli.exe demo --db (Join-Path $check "demo.sqlite")
if ($LASTEXITCODE -ne 0) { throw "The bundle could not write the demo" }
$p = Start-Process build\bundle\dist\microoffice\microoffice.exe -Wait -PassThru `
  -ArgumentList "--db", (Join-Path $check "demo.sqlite"), "--smoke"
if ($p.ExitCode -ne 0) { throw "The bundle's --smoke run exited $($p.ExitCode)" }
$iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
if (-not (Test-Path $iscc)) { $iscc = "ISCC.exe" }
& $iscc installers\windows\microoffice.iss
Write-Host "Installer: build\bundle\microoffice-0.1.0-setup.exe"
