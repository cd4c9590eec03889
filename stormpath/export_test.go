package stormpath

// Test helpers shared with the external test package (integration tests).
var (
	RedisForTest  = testRedis
	PrefixForTest = testPrefix
)
