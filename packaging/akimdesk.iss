; Inno Setup script: installs the one-folder build per user, without administrator rights.
; Build on Windows after PyInstaller:  iscc /DVersion=0.1.0 packaging\akimdesk.iss
; The data folder (%LOCALAPPDATA%\AkimDesk, made by the app) is never touched: an upgrade
; replaces only the program files, and uninstalling leaves the office's records in place.

#ifndef Version
  #define Version "0.0.0"
#endif

[Setup]
AppId={{6F1C2B1E-7D0A-4C55-9A51-0A4B1D2C3E4F}
AppName=AkimDesk
AppVersion={#Version}
AppPublisher=AkimDesk
DefaultDirName={localappdata}\Programs\AkimDesk
DefaultGroupName=AkimDesk
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DisableProgramGroupPage=yes
OutputBaseFilename=AkimDesk-{#Version}-setup
OutputDir=..\build\installer
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName=AkimDesk {#Version}
; Upgrades close a running AkimDesk first; its database is committed on every change.
CloseApplications=yes

[Languages]
Name: "kazakh"; MessagesFile: "compiler:Languages\Kazakh.isl"
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Files]
; The whole PyInstaller folder. Replaced as a whole on upgrade, so no file of an old version stays.
Source: "..\build\dist\AkimDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{userprograms}\AkimDesk"; Filename: "{app}\akimdesk.exe"
Name: "{userdesktop}\AkimDesk"; Filename: "{app}\akimdesk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
Filename: "{app}\akimdesk.exe"; Description: "{cm:LaunchProgram,AkimDesk}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] for the data folder on purpose: the records are legal documents.
