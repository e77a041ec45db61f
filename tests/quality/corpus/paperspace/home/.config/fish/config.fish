set -x PATH $HOME/.local/bin $PATH
set -x PAPERSPACE_API_KEY 328fc4ee0df15843063cddc731ac2c
alias gpu 'pspace machine list'
