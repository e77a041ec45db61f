package main

import (
	"log"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func main() {
	bot, err := tgbotapi.NewBotAPI("7833915819:AATmoq75gruIM0z-J0JgPo-XVmv2nwsti44")
	if err != nil {
		log.Panic(err)
	}
	bot.Debug = false
	u := tgbotapi.NewUpdate(0)
	u.Timeout = 60
	for update := range bot.GetUpdatesChan(u) {
		if update.Message != nil {
			bot.Send(tgbotapi.NewMessage(update.Message.Chat.ID, update.Message.Text))
		}
	}
}
