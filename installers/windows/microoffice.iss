; Inno Setup script: microoffice for Windows, from the PyInstaller one-folder bundle.
; Build the bundle first (installers\windows\build_windows.ps1 does both steps), then:
;   iscc installers\windows\microoffice.iss
; Output: build\bundle\microoffice-0.1.0-setup.exe
;
; Installs for the current user by default (no administrator needed; a sole trader's own PC),
; or for everyone when run as administrator. The data folder (%LOCALAPPDATA%\microoffice) is
; never inside the program folder, so uninstalling or upgrading keeps every record and backup.

#define AppName "microoffice"
#define AppVersion "0.1.0"
#define Bundle "..\..\build\bundle\dist\microoffice"

[Setup]
AppId={{6C0F3B7E-4C1B-4B7E-9C2E-6D2B1A0F7E11}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=microoffice
AppComments=Clients, visits, invoices and CQC records for small home-care businesses
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\build\bundle
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\icons\microoffice.ico
UninstallDisplayIcon={app}\microoffice.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
DisableProgramGroupPage=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Languages\EnglishBritish.isl"

[Tasks]
Name: "desktopicon"; Description: "Put a microoffice icon on the desktop"; Flags: unchecked

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\microoffice.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\microoffice.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\microoffice.exe"; Description: "Open microoffice now"; Flags: nowait postinstall skipifsilent
