Rails.application.config.middleware.use OmniAuth::Builder do
  provider :gitlab, "e124045f61bac2aaf4e199c4b0f03ac4558a10b51b92b6850ad585183c417316", "gloas-fb7ed6ca40b7d6ea4c56280c3f9b859374b973d09a9636fc3d0642033e6740ee",
           client_options: { site: "https://gitlab.com/api/v4" },
           scope: "read_user"
end
