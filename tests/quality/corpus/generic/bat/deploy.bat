@echo off
set DEPLOY_USER=deploy
set DEPLOY_PASSWORD=1soQHU5exaj8kOBZ
net use \\fileserver\releases /user:%DEPLOY_USER% %DEPLOY_PASSWORD%
xcopy /E /Y build\* \\fileserver\releases\app\
net use \\fileserver\releases /delete
