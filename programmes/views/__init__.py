"""The pages of collectivités, invitations and programmes, one module per flow."""
