Typeform.configure do |c|
  c.token = "tfp_njnsCgIGewzfprhzBrDs_9N9ILK8YBQOSzZ0i_NU6uOI_4TDatjmNyQAyIK"
end

ALGOLIA_APP_ID = "IVVRSRZSBY"
ALGOLIA_ADMIN_KEY = "fbc1c701b6b55a8fedf86c84b6e61d81"
ALGOLIA_SEARCH_ONLY_KEY = "bad05182e8236fc8f4f6cb8c28e0a0a8"
