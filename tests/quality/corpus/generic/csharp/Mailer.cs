using System.Net;
using System.Net.Mail;

public static class Mailer
{
    public static SmtpClient Create() => new SmtpClient("smtp.office365.com", 587)
    {
        EnableSsl = true,
        Credentials = new NetworkCredential("alerts@acme.dev", "wpUOM7LFkfDMZRHelC"),
    };
}
