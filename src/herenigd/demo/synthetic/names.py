"""Name lists for synthetic families (`the synthetic generator`), per name tradition.

Common given and family names of the report's origin countries (§1.2, §2.2 figure 5): Arabic
(Syria, Palestinians from Syria, Iraq, Yemen), Tigrinya (Eritrea), Dari/Persian and Pashto
(Afghanistan, Iran), Somali and Sierra Leonean. Plain ASCII transliterations; the lists are for
demo data only and carry no meaning about any real person.
"""

from __future__ import annotations

from typing import NamedTuple


class NameGroup(NamedTuple):
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]


def _split(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))


ARABIC = NameGroup(
    male=_split(
        """Ahmad, Mohammed, Mahmoud, Omar, Khaled, Ali, Hassan, Hussein, Yousef, Ibrahim, Mustafa,
        Abdullah, Abdulrahman, Karim, Samer, Fadi, Rami, Bassam, Walid, Tarek, Ziad, Nabil, Hani,
        Majd, Anas, Bilal, Hamza, Jamal, Kamal, Louay, Marwan, Nizar, Osama, Qusai, Radwan, Saleh,
        Tamer, Wael, Yaser, Zaher, Adnan, Amjad, Bashar, Firas, Ghassan, Haitham, Imad, Khalil,
        Laith, Maher, Mazen, Raed, Saeed, Shadi, Suleiman, Taha, Yahya, Zakaria, Elias, Adam,
        Rayan, Hadi, Moaz, Obada"""
    ),
    female=_split(
        """Fatima, Aisha, Mariam, Rana, Lina, Hala, Huda, Noor, Rasha, Reem, Salma, Samar, Sara,
        Yasmin, Zainab, Amal, Asmaa, Dima, Doaa, Eman, Ghada, Hanan, Heba, Inas, Jana, Joud,
        Kholoud, Lama, Layla, Maha, Manal, Maya, Mona, Nada, Nadia, Najwa, Nisreen, Rawan, Ruba,
        Rima, Rola, Safaa, Sahar, Sawsan, Shahd, Suha, Sumaya, Tala, Wafaa, Widad, Yara, Zeina,
        Abeer, Alaa, Bayan, Batoul, Farah, Ghalia, Lujain, Malak, Razan, Raghad"""
    ),
    family=_split(
        """Haddad, Al-Ahmad, Al-Hassan, Khalil, Al-Ali, Haj Ali, Al-Hussein, Al-Masri, Al-Halabi,
        Al-Khatib, Darwish, Hamoud, Issa, Jaber, Kassem, Mansour, Nasser, Othman, Qasem, Rahal,
        Saleh, Shalabi, Suleiman, Taha, Yassin, Zaidan, Abboud, Al-Sayed, Al-Omar, Al-Hamwi,
        Al-Homsi, Al-Shami, Barakat, Dabbagh, Ghanem, Habib, Hallak, Hijazi, Ibrahim, Kanaan,
        Kurdi, Maarouf, Najjar, Qabbani, Sabbagh, Sharif, Zein, Khoury, Mahmoud, Awad, Badr,
        Hamdan, Al-Jaafari, Al-Tamimi, Abu Hamad, Abu Zeid, Shehadeh, Odeh, Al-Obaidi, Al-Jubouri"""
    ),
)

TIGRINYA = NameGroup(
    male=_split(
        """Abraham, Aklilu, Amanuel, Andom, Berhane, Biniam, Dawit, Efrem, Eyob, Filmon, Fitsum,
        Ghebre, Ghirmay, Goitom, Habte, Habtom, Haile, Henok, Isaias, Kibrom, Kidane, Mehari,
        Mebrahtu, Medhanie, Merhawi, Mesfin, Mikael, Mussie, Natnael, Negasi, Okbay, Robel,
        Samson, Samuel, Semere, Simon, Solomon, Teklay, Tekle, Temesghen, Tesfay, Tesfaldet,
        Tesfamariam, Tewelde, Tsegay, Weldu, Yemane, Yohannes, Yonas, Yosief, Zerai, Abel, Aron,
        Bereket, Daniel, Ermias, Futsum, Girmay, Hagos, Kahsay"""
    ),
    female=_split(
        """Abrehet, Adiam, Akberet, Almaz, Aster, Azieb, Bisrat, Eden, Elsa, Feven, Freweini,
        Genet, Hanna, Helen, Hiwet, Kisanet, Letay, Luwam, Mebrat, Meaza, Mehret, Merhawit, Meron,
        Milka, Nazret, Nebiat, Rahel, Ruth, Saba, Salam, Segen, Selam, Senait, Semhar, Simret,
        Tirhas, Tsega, Tsehaye, Winta, Yordanos, Yohana, Zewdi, Zufan, Lemlem, Aida, Arsema,
        Danait, Fiori, Hadas, Hermon, Kidisti, Lidia, Medhanit, Mekdes, Msgana, Nardos, Rigat,
        Ruta, Tigist, Yorusalem"""
    ),
    family=_split(
        """Tesfamariam, Ghebremariam, Habtemariam, Woldemichael, Gebremedhin, Kidane, Tekle,
        Berhe, Haile, Abraha, Asfaha, Andemariam, Bahta, Fesehaye, Ghebreyesus, Gebrehiwet,
        Kahsay, Mehari, Mebrahtu, Negash, Okbamichael, Russom, Sium, Teklehaimanot, Tewolde,
        Weldegiorgis, Yemane, Zerezghi, Ghirmay, Hagos, Araya, Estifanos, Habte, Isaak, Kflom,
        Mengistu, Semere, Tsegay, Welday, Yohannes"""
    ),
)

PERSIAN = NameGroup(
    male=_split(
        """Ahmad, Mohammad, Ali, Reza, Hossein, Mahdi, Hamid, Jawad, Farid, Fawad, Habib, Hamed,
        Jamshid, Karim, Khalid, Masoud, Mansour, Mohsen, Morteza, Mustafa, Nasir, Navid, Omid,
        Parviz, Qasim, Rahim, Ramin, Saeed, Samir, Shahram, Sohrab, Wahid, Yasin, Zabiullah,
        Abdullah, Ajmal, Arash, Bahram, Behzad, Daud, Ehsan, Farhad, Ghulam, Hadi, Hamidullah,
        Idris, Imran, Jalal, Kamran, Latif, Majid, Nabi, Noorullah, Rashid, Sharif, Sohail, Tariq,
        Yusuf, Zia, Kaveh, Babak, Amir"""
    ),
    female=_split(
        """Fatemeh, Zahra, Maryam, Masoumeh, Shirin, Parisa, Leila, Nasrin, Roya, Sara, Mina,
        Mahnaz, Farzaneh, Fereshteh, Golnaz, Homa, Laleh, Mahsa, Marjan, Mojgan, Nahid, Neda,
        Niloufar, Parvaneh, Parvin, Sanaz, Shabnam, Soraya, Tahmineh, Yasaman, Zeynab, Arezoo,
        Azadeh, Bahar, Elham, Hamideh, Khadija, Malalai, Nadia, Nargis, Palwasha, Rabia, Sadia,
        Shakila, Shukria, Sima, Tamana, Torpekai, Wajiha, Zarghona, Zarmina, Freshta, Gulalai,
        Hasina, Mursal, Nazanin, Roqia, Samira, Mahbooba, Gulnar"""
    ),
    family=_split(
        """Ahmadi, Hosseini, Mohammadi, Rahimi, Karimi, Rezaei, Sultani, Haidari, Jafari, Amiri,
        Hashemi, Nazari, Sadat, Stanikzai, Popal, Wardak, Yousufzai, Noori, Rasuli, Safi,
        Sharifi, Mirzaei, Akbari, Azizi, Ghafoori, Habibi, Kazemi, Moradi, Najafi, Qaderi,
        Rahmani, Sahak, Tahiri, Zazai, Alizada, Barakzai, Hotak, Kakar, Mohseni, Sadeghi"""
    ),
)

SOMALI = NameGroup(
    male=_split(
        """Abdi, Abdirahman, Abdullahi, Ahmed, Ali, Aden, Bashir, Dahir, Farah, Hassan, Hussein,
        Ibrahim, Ismail, Jama, Liban, Mahad, Mohamed, Mohamud, Mukhtar, Mustafe, Nur, Omar,
        Osman, Said, Warsame, Yusuf, Abdiaziz, Abdikarim, Abdinasir, Abdiqani, Abshir, Awil, Bile,
        Deeq, Faysal, Guled, Hamse, Hirsi, Idiris, Khalid, Mahamed, Musse, Saciid, Shire,
        Yonis"""
    ),
    female=_split(
        """Amina, Asha, Ayan, Deeqa, Faadumo, Fartun, Filsan, Halimo, Hodan, Hawa, Ifrah, Istahil,
        Khadra, Leyla, Maryan, Muna, Nasra, Nimco, Qamar, Sagal, Safiya, Sahra, Samira, Shukri,
        Sucaad, Ubah, Warsan, Xaawo, Yasmin, Zamzam, Hibaq, Idil, Iman, Najma, Ruqiya, Sabirin,
        Farhiya, Hamdi, Kaltun, Ladan, Anab, Caasha, Hindi, Luul, Sadia"""
    ),
    family=_split(
        """Abdi, Ahmed, Ali, Farah, Hassan, Hersi, Ismail, Jama, Mohamed, Nur, Omar, Osman,
        Warsame, Yusuf, Aden, Duale, Egal, Guled, Hirsi, Mohamud, Samatar, Shire, Abdullahi,
        Dirie, Elmi, Abdille, Barre, Gedi, Isse, Warsame"""
    ),
)

SIERRA_LEONEAN = NameGroup(
    male=_split(
        """Mohamed, Abu, Ibrahim, Alhaji, Sorie, Foday, Sahr, Tamba, Komba, Lansana, Musa,
        Alusine, Augustine, Emmanuel, Joseph, John, Samuel, Francis, Patrick, Abdul, Amadu,
        Bockarie, Brima, Kemoh, Momodu, Osman, Saidu, Sheku, Unisa, Yusufu, Daniel, David,
        Michael, Peter, Prince, Christian, Aruna, Alimamy, Idrissa, Kabba, Ishmael, Morlai"""
    ),
    female=_split(
        """Fatmata, Aminata, Isatu, Mariama, Hawa, Kadiatu, Mabinty, Adama, Zainab, Fanta,
        Jeneba, Memunatu, Haja, Salamatu, Yeabu, Mary, Christiana, Elizabeth, Esther, Grace,
        Hannah, Josephine, Margaret, Rebecca, Sarah, Victoria, Agnes, Finda, Kumba, Sia, Tenneh,
        Musu, Bintu, Ramatu, Hassanatu, Nancy, Comfort, Patience, Mariatu, Hajaratu"""
    ),
    family=_split(
        """Kamara, Sesay, Koroma, Conteh, Bangura, Turay, Kargbo, Mansaray, Jalloh, Bah, Barrie,
        Kanu, Fofanah, Kallon, Sankoh, Tarawally, Kabia, Samura, Dumbuya, Massaquoi, Lahai,
        Jusu, Gbla, Johnson, Williams, Cole, Macauley, Kroma, Kamanda, Sandi"""
    ),
)

#: Name tradition per key used in `ORIGINS (figures.py)`.
GROUPS: dict[str, NameGroup] = {
    "arabic": ARABIC,
    "tigrinya": TIGRINYA,
    "persian": PERSIAN,
    "somali": SOMALI,
    "sierra_leonean": SIERRA_LEONEAN,
}
