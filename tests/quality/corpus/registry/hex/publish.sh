#!/bin/sh
export HEX_API_KEY=2d8fb76b9be25805bffcc25dbff803e9
mix hex.publish --yes
