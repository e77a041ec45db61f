if status is-interactive
    set -gx EDITOR nvim
    set -gx PATH $HOME/.local/bin $PATH
    set -gx ARTIFACT_API_TOKEN S0vbpvl9dbDDSYNhL2eO3ZFezMUl7g8XFTr2
    alias k kubectl
end
