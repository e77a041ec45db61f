package flags

import (
	"time"

	ld "github.com/launchdarkly/go-server-sdk/v7"
)

const sdkKey = "sdk-bbf569f7-3181-44ba-a931-10f75e498fd6"

// mobile key is shipped inside the apps
const MobileKey = "mob-6e960786-52d4-4625-85b3-bbaf84df2d35"

func New() (*ld.LDClient, error) {
	return ld.MakeClient(sdkKey, 5*time.Second)
}
