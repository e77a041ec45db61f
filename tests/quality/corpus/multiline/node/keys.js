// key for signing webhook payloads
module.exports.signingKey =
  '-----BEGIN RSA PRIVATE KEY-----\n' +
  'MIIEowIBAAKCAQEAxvI4V8/eLdQww6n9VnBY+KzxutxSydO15JeePJYiKe3zw3C4\n' +
  'vcfgrOf1G7U/vjZLmwTXze43OwMQlXRgIX74cDQB6luq5I3C2NVREB7GfPtKMkgf\n' +
  'c75Z0//++96BdPzmZ5vHqqoSI3nGUQf0lG6MTc3u8UJ/LvRfpZ+VEITsqMN5yyJB\n' +
  'vss+15uQx8ARKU7UbLg1VxXnQf1OcQIbZ3BuUPvQ4/g6XDfg1LlSN1SyaM40N/1n\n' +
  'U663pamNDyNO+xcSF1r2Fwl82mNqg5dqp5kzEPByW1xC/ciOaEyV1nZwPmv3uNHC\n' +
  'MMMysiXU1Kec9PQ+v3KRCGTtQ+LNiGLcCVdwewIDAQABAoIBACbCSffRp5eGH3n/\n' +
  'RDvy52KLTwz4n6hydp1ybIGhPkas9TC+ZT+UEVGeX0JmrWSBb3lkGCcmodv9XN3B\n' +
  'LnlYI0640ya1dTXR6IQWCxT46fKvgmUJaBdEnnuPBD5NuyrvmnPVBbFaMO54awqe\n' +
  'YigI4YzG8iZOrjiXo4rA7Gmre+/kzQyUCqQT3jL/oQYCAwikzFqh6fDwQbMlwI7v\n' +
  'kWaGVolUwbXUM+BZVYKXMomlDhHyrylhBP9+Gn1jGsWXwOe0yBkPaAdJSggcB0FI\n' +
  'H+wqO7g3Rh/NehJ5Ov3kd9VUJN4kC3XjaMgprTYz5KpWuYDATJk86LTGSwALAoFZ\n' +
  'cbOZTwECgYEA+mcInetS8CvuJDpWccAdfhcrs3DZH4lFXJjWpZmFBHc/u30eKa4d\n' +
  'mCy61mPLS1MIPnw9PyljyY9bhc+QaupV2BPv3ujnylcG/hfLtvT+EiWKNctn8KfL\n' +
  '+KgQ3UhHCv8p8Zb2KCDSZxTRjq9G2axh+5lYkDYApnbQVzxSPyHsx0cCgYEAy2S4\n' +
  'Ss0VdGM4QCsvsnIEpUNMQVxorVj4WgLVen6GvZYjzVRykoN9744TO6YmwwPLEgr8\n' +
  'Le3rc6GUwxBdgekun8A4Ycr6NlWvhiOgsLl1wem8PqqCPSn4dyHElqy98qzLInwG\n' +
  'na4L9K39Hmbp/TLhjbRY12eVr0FnGkzJp4y6zy0CgYEA2+6HWP0J+bz8C4HZz0so\n' +
  'HEmJrq/dZJ+S9oOfdA/lD0kWBz0bswwlHjWbXRaFxoEFaqyAtutJpA1wG5V1iRKN\n' +
  'l53bP3RdshDCKYcI/IcuaQ3j2N/xSSR4OMyVE2aaT4RSeMlZJ2G8q6FTdflpR2Lr\n' +
  'JKtJaFCmPY956kUnECBh8Z0CgYBo2fZrkUfjJRcldV30VvTwIT5ZX4MTAg+dj2Jv\n' +
  '8HQTnie8vTEHOMQeT5a4pFHNLNJt7b3NC57akEy5NmGODCCd+CDYwSO2CPwgYZOA\n' +
  'J0t+eLkzcQEM+Or+tyi6KDkPtmZN07Qxazz8mQkouBMeFTHTtEosWVj/7O5yz20R\n' +
  'c+oFzQKBgFkWQP7baGdM/6tnuwZpjmBFDkmK8hG49mELQ/ssyEjJLDnt4d+vtlob\n' +
  '9BhhJXxUO/16U+NHJ6GVMle3HVATmDWbHcBabXDVDiTdoAeeU/rUvRs+V9pHaUd9\n' +
  'mpTujLNISJXiIcIaWRerSyl+v9K2ZdxczKeXiAKDlhhs6ccpF4oi\n' +
  '-----END RSA PRIVATE KEY-----\n' +
  '';
